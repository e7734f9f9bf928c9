package dev.bulk.scripts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * Cheap random values for the built-in generators. Wraps the generator's own Random (the one its
 * Faker also uses) so a task never contends on a shared or secure random source.
 */
final class RandomValues {
    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final Random random;

    RandomValues(Random random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Lower-case letters and digits, as the reference tool's keys and payloads are. */
    String alphanumeric(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }

    /**
     * A version-4 UUID string. UUID.randomUUID() would draw from one JVM-wide SecureRandom, which
     * is slow and synchronized across all tasks of an executor; these ids need only be unique.
     */
    String uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** Inclusive bounds. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Inclusive bounds. */
    long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    String weighted(List<Weighted> choices) {
        int total = 0;
        for (Weighted choice : choices) {
            total += choice.weight();
        }
        int roll = random.nextInt(total);
        for (Weighted choice : choices) {
            roll -= choice.weight();
            if (roll < 0) {
                return choice.value();
            }
        }
        return choices.get(choices.size() - 1).value();
    }

    /** Whole seconds, so the ISO-8601 text has a fixed width and sorts chronologically. */
    Instant instantBetween(Instant from, Instant to) {
        return Instant.ofEpochSecond(between(from.getEpochSecond(), to.getEpochSecond()));
    }

    record Weighted(String value, int weight) {
        Weighted {
            Objects.requireNonNull(value, "value");
            if (weight <= 0) {
                throw new IllegalArgumentException("weight must be positive: " + weight);
            }
        }
    }
}
