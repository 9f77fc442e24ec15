package io.playbench.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTests {

    @Test
    void studentTQuantilesMatchTheTables() {
        assertThat(Statistics.studentTQuantile(0.975, 1)).isCloseTo(12.706, within(1e-3));
        assertThat(Statistics.studentTQuantile(0.975, 4)).isCloseTo(2.776, within(1e-3));
        assertThat(Statistics.studentTQuantile(0.975, 10)).isCloseTo(2.228, within(1e-3));
        assertThat(Statistics.studentTQuantile(0.995, 30)).isCloseTo(2.750, within(1e-3));
        assertThat(Statistics.studentTQuantile(0.975, 1e7)).isCloseTo(1.960, within(1e-3));
    }

    @Test
    void theLogRatioIntervalContainsNoChangeForNoisySeriesAndExcludesItForTightOnes() {
        Statistics.Interval noisy =
                Statistics.relativeChangeInterval(new double[] {90, 115, 70}, new double[] {100, 125, 80}, 0.95);
        assertThat(noisy.method()).isEqualTo("welch-log-ratio");
        assertThat(noisy.low()).isNegative();
        assertThat(noisy.high()).isPositive();

        Statistics.Interval tight =
                Statistics.relativeChangeInterval(new double[] {80, 81, 79}, new double[] {100, 101, 99}, 0.95);
        assertThat(tight.low()).isGreaterThan(-0.23);
        assertThat(tight.high()).isLessThan(-0.17);
    }

    @Test
    void signedMetricsUseTheDifferenceAndOneSampleBorrowsTheOtherSidesVariance() {
        Statistics.Interval signed =
                Statistics.relativeChangeInterval(new double[] {-110, -90}, new double[] {-100, -100, -101}, 0.95);
        assertThat(signed.method()).isEqualTo("welch-difference");
        assertThat(signed.low()).isLessThan(0);
        assertThat(signed.high()).isGreaterThan(0);

        Statistics.Interval single =
                Statistics.relativeChangeInterval(new double[] {50}, new double[] {100, 101, 99}, 0.95);
        assertThat(single).isNotNull();
        assertThat(single.high()).isLessThan(0);
        assertThat(Statistics.relativeChangeInterval(new double[] {50}, new double[] {100}, 0.95))
                .isNull();
    }
}
