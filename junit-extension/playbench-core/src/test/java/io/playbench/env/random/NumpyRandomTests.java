package io.playbench.env.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks {@link SeedSequence} and {@link NumpyRandom} against NumPy 2.4.6 (reference §12.1 and a generated fixture). */
class NumpyRandomTests {

    @Test
    void seedSequence42MatchesTheReferenceState() {
        assertThat(SeedSequence.of(42).generateState())
                .containsExactly(0x9f1e2e6dcd540ab7L, 0xd57873dc79fb94b6L, 0x7d282a1b64d420b7L, 0x336579714692d5ffL);
    }

    @Test
    void pcg64RawOutputsOfSeed42() {
        NumpyRandom rng = NumpyRandom.of(42);
        assertThat(new long[] {rng.nextLong(), rng.nextLong(), rng.nextLong()})
                .containsExactly(0xc621fbcd16d92688L, 0x705a5661a791ffc1L, 0xdbcd12c26eda1624L);
    }

    @Test
    void defaultRngRandomOfSeeds42And0() {
        NumpyRandom r42 = NumpyRandom.of(42);
        assertThat(new double[] {r42.random(), r42.random(), r42.random()})
                .containsExactly(0.7739560485559633, 0.4388784397520523, 0.8585979199113825);
        NumpyRandom r0 = NumpyRandom.of(0);
        assertThat(new double[] {r0.random(), r0.random()}).containsExactly(0.6369616873214543, 0.2697867137638703);
    }

    /** Reference §12.1 "Added" table: pool, state, raw and doubles for single- and multi-word seeds. */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | fe40eb07 4f363a36 4eb2009d c89a7aa7 | db2cd7e7b0f478be abf4641a2c71ba49 20c6ed6d9d7b8d41 2c4099de223c39d4 | a30febcfd9c2825f 4510bdf882d9d721 0a7d3da94ecde8b8 | 0.6369616873214543 0.2697867137638703 0.04097352393619469
            1 | a137e185 0de2fab1 950eae78 54dd0a81 | 672d8ee56d6791ff 8ae19ca14eb1072c 4915796d1322fc4a d0cc2bdcaba049bd | 8306bdf37922e4ff f35196bbc152a866 24e7a4f608ec18cd | 0.5118216247002567 0.9504636963259353 0.14415961271963373
            42 | 631d3606 07ae90ae 6fc4be28 2ced5c75 | 9f1e2e6dcd540ab7 d57873dc79fb94b6 7d282a1b64d420b7 336579714692d5ff | c621fbcd16d92688 705a5661a791ffc1 dbcd12c26eda1624 | 0.7739560485559633 0.4388784397520523 0.8585979199113825
            123 | 7cd9bc03 507a8951 17c4d497 74055cf7 | b1383ed0295844f6 a250632e171d58af 86a7247f7443199d 136de7e3c11fce1d | aeae9c9903f3e9cd 0dc736db97cb6d23 3869812ee8b9ea96 | 0.6823518632481435 0.053821018802222675 0.22035987277261138
            4294967296 | e0f3eff2 dccd2c4e 17f18c20 9b8cb8db | 50ff846cec53f444 7a4918dbe8278562 3bff9f6c362e2b19 bdb177539a0654e3 | e3c5ebe285ac1625 8ea09968fe31dbcc cd084ff84d8de9be | 0.8897387912781343 0.5571380502062263 0.8009080868919721
            1099511627783 | cef14fb5 8e3f6082 b865038b 6aed4368 | 0d8672e10e3d1a15 9aef4ada4ecfa161 999c1c3b83dba903 408927dc0dc8a316 | d46e9e2034de21aa 415badc99c087675 275ed40f045acb84 | 0.829812891829413 0.25530515834910417 0.15379071585298754
            18446744073709551621 | 06789ef1 1234b663 b0f3708a 5a219547 | 3bc56ee7d67eb732 784f8ac13182cbed 377ed8aceb24eb98 4e1cde22d5c0d56f | be1ed79de3d6074e 64197d17923f1721 af69fcfedb7a76ba | 0.7426581154321283 0.3910139257952745 0.6852110025606437
            340282366920938463463374607431768211459 | 34696c2a b48ff1fa a154f4e4 0cc76a8b | fff53d3a6213248c 7a701772c87b867a 2181bf6ea11ef181 8b41acb3484856a9 | 19af9f39b64b818c a1ec6e1928ba3a55 8764e8628e1b5c40 | 0.10033602866159974 0.6325138865874828 0.5288834801304864
            """)
    void referenceTable(String seed, String pool, String state, String raw, String doubles) {
        BigInteger s = new BigInteger(seed.trim());
        int[] expectedPool =
                words(pool).stream().mapToInt(w -> (int) Long.parseLong(w, 16)).toArray();
        assertThat(SeedSequence.of(s).pool()).containsExactly(expectedPool);
        assertThat(SeedSequence.of(s).generateState()).containsExactly(hexLongs(state));
        NumpyRandom rawRng = NumpyRandom.of(s);
        long[] expectedRaw = hexLongs(raw);
        for (long expected : expectedRaw) {
            assertThat(rawRng.nextLong()).isEqualTo(expected);
        }
        NumpyRandom rng = NumpyRandom.of(s);
        for (String d : words(doubles)) {
            assertThat(rng.random()).isEqualTo(Double.parseDouble(d));
        }
    }

    @Test
    void uniformComputesTheRangeFirst() {
        // Reference §12.1: CartPole's reset state and MountainCar's reset position for seed 42.
        NumpyRandom rng = NumpyRandom.of(42);
        assertThat(new double[] {
                    rng.uniform(-0.05, 0.05),
                    rng.uniform(-0.05, 0.05),
                    rng.uniform(-0.05, 0.05),
                    rng.uniform(-0.05, 0.05)
                })
                .containsExactly(
                        0.027395604855596334, -0.006112156024794771, 0.03585979199113824, 0.019736802905936393);
        assertThat(NumpyRandom.of(42).uniform(-0.6, -0.4)).isEqualTo(-0.44520879028880733);
    }

    /** The fixture made by src/test/python/make_rng_fixtures.py with NumPy 2.4.6. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fixture")
    void generatedFixture(BigInteger seed, long[] state, long[] raw, double[] draws) {
        assertThat(SeedSequence.of(seed).generateState()).containsExactly(state);
        NumpyRandom rawRng = NumpyRandom.of(seed);
        for (long r : raw) {
            assertThat(rawRng.nextLong()).isEqualTo(r);
        }
        NumpyRandom rng = seed.bitLength() < 64 ? NumpyRandom.of(seed.longValueExact()) : NumpyRandom.of(seed);
        double[] actual = new double[draws.length];
        for (int k = 0; k < draws.length; k += 3) {
            actual[k] = rng.uniform(-0.05, 0.05);
            actual[k + 1] = rng.uniform(-0.6, -0.4);
            actual[k + 2] = rng.uniform(-Math.PI, Math.PI);
        }
        assertThat(actual).containsExactly(draws);
    }

    static List<Object[]> fixture() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(NumpyRandomTests.class.getResourceAsStream("numpy-rng.txt")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\\|");
                double[] draws = words(parts[3]).stream()
                        .mapToDouble(Double::parseDouble)
                        .toArray();
                rows.add(new Object[] {new BigInteger(parts[0].trim()), hexLongs(parts[1]), hexLongs(parts[2]), draws});
            }
        }
        assertThat(rows).hasSizeGreaterThan(10);
        return rows;
    }

    @Test
    void reseedReplacesTheStreamAndSeedIsKept() {
        NumpyRandom rng = NumpyRandom.of(7);
        rng.random();
        rng.reseed(42);
        assertThat(rng.random()).isEqualTo(0.7739560485559633);
        assertThat(rng.seed()).isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void entropySeededStreamCanBeReplayed() {
        NumpyRandom rng = NumpyRandom.fromEntropy();
        BigInteger seed = rng.seed();
        assertThat(seed.bitLength()).isLessThanOrEqualTo(128);
        double first = rng.random();
        assertThat(NumpyRandom.of(seed).random()).isEqualTo(first);
    }

    @Test
    void negativeSeedsAreRejected() {
        assertThatThrownBy(() -> NumpyRandom.of(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> SeedSequence.of(BigInteger.valueOf(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }

    private static List<String> words(String s) {
        return List.of(s.trim().split("\\s+"));
    }

    private static long[] hexLongs(String s) {
        return words(s).stream().mapToLong(w -> Long.parseUnsignedLong(w, 16)).toArray();
    }
}
