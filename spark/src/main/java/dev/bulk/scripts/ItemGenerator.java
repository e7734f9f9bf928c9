package dev.bulk.scripts;

/**
 * Makes items for {@code fill}. One instance is created per Spark task (so it need not be
 * thread-safe) with a public no-argument constructor.
 *
 * <p>{@link #generate()} returns either one item (a {@code Map<String, ?>}) or several (a
 * {@code List} of such maps). Values may be plain Java (String, Number, Boolean, byte[], List,
 * Map, Set of strings/numbers/bytes, null) or SDK {@code AttributeValue}s for exact control.
 */
public interface ItemGenerator {
    Object generate();
}
