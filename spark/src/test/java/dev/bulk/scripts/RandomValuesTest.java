package dev.bulk.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomValuesTest {
    private final RandomValues random = new RandomValues(new Random(42));

    @Test
    void isoTextIsExactlyWhatInstantToStringGivesForWholeSeconds() {
        Instant from = Instant.parse("1999-12-31T23:59:59Z");
        Instant to = Instant.parse("2040-02-29T12:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            Instant instant = random.instantBetween(from, to);
            assertThat(RandomValues.iso(instant)).isEqualTo(instant.toString());
        }
        assertThat(RandomValues.iso(Instant.parse("2024-02-29T00:00:00Z"))).isEqualTo("2024-02-29T00:00:00Z");
    }

    @Test
    void alphanumericUsesEveryLetterAndDigitAboutEquallyInEveryPosition() {
        int samples = 36_000;
        int[][] counts = new int[7][36];
        for (int i = 0; i < samples; i++) {
            String text = random.alphanumeric(7);
            assertThat(text).hasSize(7).matches("[a-z0-9]+");
            for (int position = 0; position < 7; position++) {
                char c = text.charAt(position);
                counts[position][Character.isDigit(c) ? 26 + c - '0' : c - 'a']++;
            }
        }
        // Expected 1,000 per symbol and position; a broken chunking would skew or zero some.
        for (int[] position : counts) {
            for (int count : position) {
                assertThat(count).isBetween(850, 1150);
            }
        }
    }

    @Test
    void uuidIsAVersionFourIetfVariantUuid() {
        for (int i = 0; i < 1000; i++) {
            UUID uuid = UUID.fromString(random.uuid());
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }

    @Test
    void betweenStaysWithinItsInclusiveBoundsAndReachesBoth() {
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 1000; i++) {
            long value = random.between(1L, 3L);
            assertThat(value).isBetween(1L, 3L);
            sawMin |= value == 1L;
            sawMax |= value == 3L;
        }
        assertThat(sawMin).isTrue();
        assertThat(sawMax).isTrue();
    }
}
