package dev.bulk.scripts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import net.datafaker.Faker;

/** Fake people whose email is derived from their name, so the two look like one person. */
final class FakePeople {
    private static final Pattern NOT_IN_EMAIL = Pattern.compile("[^a-z0-9]");
    private static final int DOMAIN_POOL_SIZE = 32;

    private final RandomValues random;
    private final List<String> firstNames;
    private final List<String> lastNames;
    // Parallel to the name lists: each name's email form, computed once rather than per call.
    private final List<String> firstEmailWords;
    private final List<String> lastEmailWords;
    private final List<String> domains;

    FakePeople(Faker faker, RandomValues random, int poolSize) {
        this.random = Objects.requireNonNull(random, "random");
        this.firstNames = RandomValues.pool(poolSize, () -> faker.name().firstName());
        this.lastNames = RandomValues.pool(poolSize, () -> faker.name().lastName());
        this.firstEmailWords = emailWords(firstNames);
        this.lastEmailWords = emailWords(lastNames);
        this.domains = RandomValues.pool(DOMAIN_POOL_SIZE, () -> faker.internet().domainName());
    }

    Person next() {
        int first = random.between(0, firstNames.size() - 1);
        int last = random.between(0, lastNames.size() - 1);
        // The number spreads people who share a name over distinct addresses.
        String email = firstEmailWords.get(first) + "." + lastEmailWords.get(last) + random.between(1, 999)
                + "@" + random.pick(domains);
        return new Person(firstNames.get(first) + " " + lastNames.get(last), email);
    }

    private static List<String> emailWords(List<String> names) {
        List<String> words = new ArrayList<>(names.size());
        for (String name : names) {
            words.add(NOT_IN_EMAIL.matcher(name.toLowerCase(Locale.ROOT)).replaceAll(""));
        }
        return List.copyOf(words);
    }

    record Person(String name, String email) {
        Person {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
        }
    }
}
