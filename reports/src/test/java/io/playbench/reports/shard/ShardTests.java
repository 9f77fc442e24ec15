package io.playbench.reports.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTests {

    @Test
    void everyKeyLandsInExactlyOneShardAndTheShardsAreBalanced() {
        int[] sizes = new int[4];
        for (int k = 0; k < 400; k++) {
            String key = "com.example.Bench#case" + k;
            int owners = 0;
            for (int i = 0; i < 4; i++) {
                if (new Shard(i, 4).includes(key)) {
                    owners++;
                    sizes[i]++;
                }
            }
            assertThat(owners).isEqualTo(1);
        }
        assertThat(IntStream.of(sizes).min().orElseThrow()).isGreaterThanOrEqualTo(70);
        assertThat(IntStream.of(sizes).max().orElseThrow()).isLessThanOrEqualTo(130);
        assertThat(IntStream.range(0, 10).allMatch(k -> new Shard(0, 1).includes("k" + k)))
                .isTrue();
    }

    @Test
    void parsesIndexOverCountAndExplainsMistakes() {
        assertThat(Shard.parse(" 2/4 ")).isEqualTo(new Shard(2, 4));
        assertThatThrownBy(() -> Shard.parse("4/4"))
                .hasMessageContaining("0 <= INDEX < COUNT")
                .hasMessageContaining("4/4");
        assertThatThrownBy(() -> Shard.parse("two")).hasMessageContaining("playbench.shard must be INDEX/COUNT");
    }
}
