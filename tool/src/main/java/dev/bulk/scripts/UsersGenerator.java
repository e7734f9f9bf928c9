package dev.bulk.scripts;

import dev.bulk.scripts.RandomValues.Weighted;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.datafaker.Faker;

/** Built-in {@code users}: one user profile keyed {@code user_id}, with realistic skew in status and plan. */
public class UsersGenerator implements ItemGenerator {
    private static final List<Weighted> STATUSES = List.of(
            new Weighted("active", 80), new Weighted("inactive", 15), new Weighted("suspended", 5));
    private static final List<Weighted> PLANS = List.of(
            new Weighted("free", 60), new Weighted("pro", 30), new Weighted("enterprise", 10));
    private static final Duration HISTORY = Duration.ofDays(5 * 365);
    private static final Pattern NOT_IN_EMAIL = Pattern.compile("[^a-z0-9.]");

    private final Random seed = new Random();
    private final RandomValues random = new RandomValues(seed);
    private final Faker faker = new Faker(Locale.US, seed);

    @Override
    public Object generate() {
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        Instant now = Instant.now();
        Instant created = random.instantBetween(now.minus(HISTORY), now);
        Instant lastLogin = random.instantBetween(created, now);

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", random.uuid());
        user.put("email", faker.internet().emailAddress(emailLocalPart(first, last, random)));
        user.put("name", first + " " + last);
        user.put("status", random.weighted(STATUSES));
        user.put("plan", random.weighted(PLANS));
        user.put("country", faker.address().country());
        user.put("age", random.between(18, 80));
        user.put("login_count", random.between(0, 5000));
        user.put("created_at", created.toString());
        user.put("last_login", lastLogin.toString());
        return user;
    }

    /** Derived from the name so name and email look like one person; the number keeps emails varied. */
    static String emailLocalPart(String first, String last, RandomValues random) {
        String name = (first + "." + last).toLowerCase(Locale.ROOT);
        return NOT_IN_EMAIL.matcher(name).replaceAll("") + random.between(1, 999);
    }
}
