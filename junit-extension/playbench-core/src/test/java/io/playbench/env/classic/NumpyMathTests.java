package io.playbench.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the numeric primitives against NumPy 2.4.6 on this platform (fixture made by
 * {@code src/test/python/make_math_fixtures.py}): NumPy's float32 SIMD sine/cosine, glibc's binary64 sin/cos/pow and
 * float32 powf, and floored modulo. The fixture is also checked to tell the exact primitives from the naive ones, so
 * that these tests can fail.
 */
class NumpyMathTests {

    private static final List<String[]> LINES = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(NumpyMathTests.class.getResourceAsStream("numpy-math.txt")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    LINES.add(line.trim().split("\\s+"));
                }
            }
        }
    }

    private static List<String[]> lines(String kind) {
        List<String[]> out = LINES.stream().filter(l -> l[0].equals(kind)).toList();
        assertThat(out).as("fixture lines of kind %s", kind).hasSizeGreaterThan(100);
        return out;
    }

    private static float f32(String hexBits) {
        return Float.intBitsToFloat((int) Long.parseLong(hexBits, 16));
    }

    @Test
    void float32SineAndCosineMatchNumpysSimdPath() {
        int naiveDiffers = 0;
        for (String[] l : lines("f32")) {
            float x = f32(l[1]);
            assertThat(Float.floatToRawIntBits(NumpyMath.f32cos(x)))
                    .as("cos(%s)", x)
                    .isEqualTo(Float.floatToRawIntBits(f32(l[2])));
            assertThat(Float.floatToRawIntBits(NumpyMath.f32sin(x)))
                    .as("sin(%s)", x)
                    .isEqualTo(Float.floatToRawIntBits(f32(l[3])));
            if ((float) Math.cos(x) != f32(l[2]) || (float) Math.sin(x) != f32(l[3])) {
                naiveDiffers++;
            }
        }
        assertThat(naiveDiffers)
                .as("inputs where correctly rounded float32 differs from NumPy")
                .isPositive();
    }

    @Test
    void binary64SinCosAndSquareMatchTheCLibrary() {
        int javaDiffers = 0;
        int productDiffers = 0;
        for (String[] l : lines("f64")) {
            double x = Double.parseDouble(l[1]);
            double sin = Double.parseDouble(l[2]);
            double cos = Double.parseDouble(l[3]);
            double sq = Double.parseDouble(l[4]);
            assertThat(NumpyMath.sin(x)).as("sin(%s)", x).isEqualTo(sin);
            assertThat(NumpyMath.cos(x)).as("cos(%s)", x).isEqualTo(cos);
            assertThat(NumpyMath.sq(x)).as("%s ** 2", x).isEqualTo(sq);
            if (Math.sin(x) != sin || Math.cos(x) != cos) {
                javaDiffers++;
            }
            if (x * x != sq) {
                productDiffers++;
            }
        }
        assertThat(javaDiffers)
                .as("inputs where Math.sin/cos differ from glibc")
                .isPositive();
        assertThat(productDiffers)
                .as("inputs where x * x differs from pow(x, 2)")
                .isPositive();
    }

    @Test
    void float32SquareIsPowf() {
        int productDiffers = 0;
        for (String[] l : lines("f32sq")) {
            float u = f32(l[1]);
            assertThat(Float.floatToRawIntBits(NumpyMath.sqf(u)))
                    .as("%s ** 2", u)
                    .isEqualTo(Float.floatToRawIntBits(f32(l[2])));
            if (u * u != f32(l[2])) {
                productDiffers++;
            }
        }
        assertThat(productDiffers)
                .as("inputs where u * u differs from powf(u, 2)")
                .isPositive();
    }

    @Test
    void floorModHasTheSignOfTheDivisor() {
        int truncatedDiffers = 0;
        for (String[] l : lines("mod")) {
            double a = Double.parseDouble(l[1]);
            double b = Double.parseDouble(l[2]);
            double expected = Double.parseDouble(l[3]);
            assertThat(Double.doubleToRawLongBits(NumpyMath.floorMod(a, b)))
                    .as("%s mod %s", a, b)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
            if (Double.doubleToRawLongBits(a % b) != Double.doubleToRawLongBits(expected)) {
                truncatedDiffers++;
            }
        }
        assertThat(truncatedDiffers).isPositive();
        assertThat(NumpyMath.floorMod(-1.0, 3.0)).isEqualTo(2.0);
        assertThat(Double.doubleToRawLongBits(NumpyMath.floorMod(-6.0, 3.0))).isEqualTo(0L);
    }

    @Test
    void nanPassesThroughTheFloat32Functions() {
        assertThat(NumpyMath.f32sin(Float.NaN)).isNaN();
        assertThat(NumpyMath.f32cos(Float.NaN)).isNaN();
    }
}
