package org.tierra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierraConfigTest {

    @Test
    void defaultsRunEmbeddedWithDemoDataOnLocalhost7070() {
        TierraConfig config = TierraConfig.from(Map.of(), List.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(7070);
        assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.loadDemo()).isTrue();
    }

    @Test
    void anExternalDatabaseTurnsDemoDataOffByDefault() {
        TierraConfig config =
                TierraConfig.from(Map.of("TIERRA_DB_URL", "jdbc:postgresql://db.example/tierra"), List.of());

        assertThat(config.embeddedDatabase()).isFalse();
        assertThat(config.databaseUrl()).hasValue("jdbc:postgresql://db.example/tierra");
        assertThat(config.loadDemo()).isFalse();
    }

    @Test
    void flagsWinOverEnvironmentVariablesInBothSpellings() {
        TierraConfig config = TierraConfig.from(
                Map.of("TIERRA_PORT", "8080", "TIERRA_DEMO", "true", "TIERRA_DATA_DIR", "/srv/env"),
                List.of("--port", "9090", "--demo=false", "--data-dir=/srv/flag", "--host", "0.0.0.0"));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.loadDemo()).isFalse();
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/flag"));
        assertThat(config.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theTileCacheHas64MbUnlessToldOtherwiseAndZeroTurnsItOff() {
        assertThat(TierraConfig.from(Map.of(), List.of()).tileCacheMegabytes()).isEqualTo(64);
        assertThat(TierraConfig.from(Map.of("TIERRA_TILE_CACHE_MB", "256"), List.of())
                        .tileCacheMegabytes())
                .isEqualTo(256);
        assertThat(TierraConfig.from(Map.of(), List.of("--tile-cache-mb", "0")).tileCacheMegabytes())
                .isZero();
    }

    @Test
    void blankEnvironmentVariablesCountAsUnset() {
        TierraConfig config = TierraConfig.from(Map.of("TIERRA_DB_URL", "  ", "TIERRA_PORT", ""), List.of());

        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.port()).isEqualTo(7070);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            TIERRA_PORT    | seventy        | whole number
            TIERRA_PORT    | 70000          | between 0 and 65535
            TIERRA_PORT    | -1             | between 0 and 65535
            TIERRA_DEMO    | maybe          | must be true or false
            TIERRA_DB_URL  | postgres://x/y | PostgreSQL JDBC URL
            TIERRA_HOST    | ' '            | ''
            TIERRA_TILE_CACHE_MB | -5       | between 0 and 65536
            TIERRA_TILE_CACHE_MB | lots     | whole number
            """)
    void badValuesNameTheSettingAndTheFix(String variable, String value, String hint) {
        if (value.isBlank()) {
            assertThat(TierraConfig.from(Map.of(variable, value), List.of()).host())
                    .isEqualTo("127.0.0.1");
            return;
        }
        assertThatThrownBy(() -> TierraConfig.from(Map.of(variable, value), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(hint);
    }

    @Test
    void anUnknownFlagOrAMissingValueIsAnError() {
        assertThatThrownBy(() -> TierraConfig.from(Map.of(), List.of("--prot", "80")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown flag '--prot'");
        assertThatThrownBy(() -> TierraConfig.from(Map.of(), List.of("--port")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> TierraConfig.from(Map.of(), List.of("--port", "--demo", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--port needs a value");
    }

    @Test
    void usageListsEverySettingWithItsVariable() {
        String usage = TierraConfig.usage();

        for (TierraConfig.Setting setting : TierraConfig.Setting.values()) {
            assertThat(usage).contains(setting.flag, setting.environmentVariable);
        }
    }

    @Test
    void aPublicUrlIsAnHttpUrlWithoutQueryAndLosesItsTrailingSlash() {
        assertThat(TierraConfig.from(Map.of("TIERRA_PUBLIC_URL", "HTTPS://registro.example.org/tierra/"), List.of())
                        .security()
                        .publicUrl())
                .hasValue(java.net.URI.create("https://registro.example.org/tierra"));
        for (String bad : List.of("ftp://x.example", "registro.example.org", "https://x.example/?a=1", "http://u@x")) {
            assertThatThrownBy(() -> TierraConfig.from(Map.of("TIERRA_PUBLIC_URL", bad), List.of()))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("TIERRA_PUBLIC_URL");
        }
    }

    @Test
    void trustedProxiesAreLiteralAddressesOrCidrBlocks() {
        List<AddressRange> ranges = TierraConfig.from(
                        Map.of("TIERRA_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,::1,fd00::/8"), List.of())
                .security()
                .trustedProxies();

        assertThat(ranges).hasSize(4);
        assertThat(ranges.get(0).contains("10.200.3.4")).isTrue();
        assertThat(ranges.get(0).contains("11.0.0.1")).isFalse();
        assertThat(ranges.get(1).contains("192.168.1.7")).isTrue();
        assertThat(ranges.get(1).contains("192.168.1.8")).isFalse();
        assertThat(ranges.get(2).contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ranges.get(3).contains("fd12::1")).isTrue();
        assertThat(ranges.get(3).contains("10.0.0.1")).isFalse();
        assertThat(ranges.get(0).contains("proxy.example.org"))
                .as("never resolved")
                .isFalse();
        for (String bad : List.of("proxy.example.org", "10.0.0.0/33", "10.0.0/8", "::1/200", "1.2.3.4/x")) {
            assertThatThrownBy(() -> TierraConfig.from(Map.of("TIERRA_TRUSTED_PROXIES", bad), List.of()))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("TIERRA_TRUSTED_PROXIES");
        }
    }
}
