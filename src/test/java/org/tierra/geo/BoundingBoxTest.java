package org.tierra.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundingBoxTest {

    @Test
    void parsesWestSouthEastNorth() {
        BoundingBox box = BoundingBox.parse("-96.75, 17.0,-96.6,17.12");

        assertThat(box).isEqualTo(new BoundingBox(-96.75, 17.0, -96.6, 17.12));
        assertThat(BoundingBox.parse(box.toString())).isEqualTo(box);
    }

    @Test
    void acceptsTheWholeWorldAndZeroSizeBoxes() {
        assertThat(BoundingBox.parse("-180,-90,180,90").maxLat()).isEqualTo(90);
        assertThat(BoundingBox.parse("1,2,1,2").minLon()).isEqualTo(1);
        assertThat(BoundingBox.parse("1e1,2E0,1.5e1,+3").maxLon()).isEqualTo(15);
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @CsvSource(delimiter = '|', textBlock = """
            1,2,3                 | got 3 values
            1,2,3,4,5             | got 5 values
            ''                    | got 1 value
            1,,3,4                | minLat must be a decimal number
            0x10,2,3,4            | minLon must be a decimal number
            1d,2,3,4              | minLon must be a decimal number
            NaN,2,3,4             | minLon must be a decimal number
            1,Infinity,3,4        | minLat must be a decimal number
            -181,2,3,4            | minLon must be between -180 and 180
            1,-91,3,4             | minLat must be between -90 and 90
            1,2,3,90.0001         | maxLat must be between -90 and 90
            5,2,3,4               | give west before east
            1,5,3,4               | give south before north
            """)
    void rejectsWithAReasonAUserCanActOn(String text, String reason) {
        assertThatThrownBy(() -> BoundingBox.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
