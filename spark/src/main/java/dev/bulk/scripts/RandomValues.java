package dev.bulk.scripts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Cheap random values for the built-in generators. Wraps the generator's own Random (the one its
 * Faker also uses) so a task never contends on a shared or secure random source.
 */
final class RandomValues {
    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int DIGITS_PER_DRAW = 5;
    private static final int DIGITS_PER_DRAW_RANGE = 36 * 36 * 36 * 36 * 36;

    private final Random random;

    RandomValues(Random random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * {@code size} values drawn once from {@code source}. Datafaker resolves an expression on every
     * call, which on a cold executor JVM costs tens of microseconds; picking from a pool made at
     * construction keeps every call cheap, and a few hundred values per field is variety enough.
     */
    static List<String> pool(int size, Supplier<String> source) {
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(source.get());
        }
        return List.copyOf(values);
    }

    /** Lower-case letters and digits, as the reference tool's keys and payloads are. */
    String alphanumeric(int length) {
        char[] chars = new char[length];
        int i = 0;
        while (i < length) {
            // One draw, uniform over 36^5, yields five independent uniform base-36 digits: a
            // 200-character payload costs 40 draws instead of 200.
            int chunk = random.nextInt(DIGITS_PER_DRAW_RANGE);
            for (int digit = 0; digit < DIGITS_PER_DRAW && i < length; digit++) {
                chars[i++] = ALPHANUMERIC[chunk % ALPHANUMERIC.length];
                chunk /= ALPHANUMERIC.length;
            }
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
        return random.nextLong(min, max + 1);
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

    /**
     * The same text as {@code Instant.toString()} for whole seconds in years 1000–9999, without
     * the general formatter, which costs more than the rest of an item.
     */
    static String iso(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] text = "0000-00-00T00:00:00Z".toCharArray();
        digits(text, 0, time.getYear(), 4);
        digits(text, 5, time.getMonthValue(), 2);
        digits(text, 8, time.getDayOfMonth(), 2);
        digits(text, 11, time.getHour(), 2);
        digits(text, 14, time.getMinute(), 2);
        digits(text, 17, time.getSecond(), 2);
        return new String(text);
    }

    private static void digits(char[] text, int start, int value, int width) {
        int remaining = value;
        for (int i = start + width - 1; i >= start; i--) {
            text[i] = (char) ('0' + remaining % 10);
            remaining /= 10;
        }
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
