package org.tierra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a write's If-Match must say, for the records whose precondition is required and optional. */
class ExpectedVersionsTest {

    private static final VersionTag CURRENT = new VersionTag(12, 3);

    @Test
    void theCurrentVersionPassesBothChecks() {
        ExpectedVersions expected = new ExpectedVersions(Map.of(12L, 3));

        assertThatCode(() -> expected.requireCurrent("parcel", "JAC-001", CURRENT))
                .doesNotThrowAnyException();
        assertThatCode(() -> expected.checkIfGiven("lease", "L-1", CURRENT)).doesNotThrowAnyException();
    }

    @Test
    void anOlderVersionIsStaleAndNamesTheCurrentTag() {
        Problem problem = catchThrowableOfType(
                Problem.class, () -> new ExpectedVersions(Map.of(12L, 2)).requireCurrent("parcel", "JAC-001", CURRENT));

        assertThat(problem.type()).isEqualTo(CommonProblem.STALE_VERSION);
        assertThat(problem.detail())
                .contains("Parcel JAC-001 changed since you read it")
                .contains("version 2");
        assertThat(problem.fields()).containsEntry("currentETag", "\"12-3\"").containsEntry("parcel", 12L);
    }

    @Test
    void noPreconditionIsRequiredWhereItMustBeAndPassesWhereItMayBe() {
        Problem problem = catchThrowableOfType(
                Problem.class, () -> ExpectedVersions.none().requireCurrent("parcel", "JAC-001", CURRENT));

        assertThat(problem.type()).isEqualTo(CommonProblem.PRECONDITION_REQUIRED);
        assertThat(problem.status()).isEqualTo(428);
        assertThatCode(() -> ExpectedVersions.none().checkIfGiven("lease", "L-1", CURRENT))
                .doesNotThrowAnyException();
    }

    @Test
    void tagsOfOtherRecordsDoNotMatch() {
        ExpectedVersions otherRecord = new ExpectedVersions(Map.of(99L, 3));

        Problem required =
                catchThrowableOfType(Problem.class, () -> otherRecord.requireCurrent("parcel", "JAC-001", CURRENT));
        Problem optional = catchThrowableOfType(Problem.class, () -> otherRecord.checkIfGiven("lease", "L-1", CURRENT));

        assertThat(required.status())
                .as("a merge's If-Match lacking one parent")
                .isEqualTo(428);
        assertThat(required.detail()).contains("no ETag for parcel 12 (JAC-001)");
        assertThat(optional.status()).as("an If-Match that names another lease").isEqualTo(412);
        assertThat(optional.fields()).containsEntry("currentETag", "\"12-3\"");
    }
}
