package dev.bulk.scripts;

import dev.bulk.scripts.RandomValues.Weighted;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.datafaker.Faker;

/** Built-in {@code users}: one user profile keyed {@code user_id}, with realistic skew in status and plan. */
public class UsersGenerator implements ItemGenerator {
    private static final List<Weighted> STATUSES = List.of(
            new Weighted("active", 80), new Weighted("inactive", 15), new Weighted("suspended", 5));
    private static final List<Weighted> PLANS = List.of(
            new Weighted("free", 60), new Weighted("pro", 30), new Weighted("enterprise", 10));
    private static final Duration HISTORY = Duration.ofDays(5 * 365);
    private static final int POOL_SIZE = 256;

    private final RandomValues random;
    private final FakePeople people;
    private final List<String> countries;

    public UsersGenerator() {
        Random seed = new Random();
        Faker faker = new Faker(Locale.ENGLISH, seed);
        this.random = new RandomValues(seed);
        this.people = new FakePeople(faker, random, POOL_SIZE);
        this.countries = RandomValues.pool(POOL_SIZE, () -> faker.address().country());
    }

    @Override
    public Object generate() {
        FakePeople.Person person = people.next();
        Instant now = Instant.now();
        Instant created = random.instantBetween(now.minus(HISTORY), now);
        Instant lastLogin = random.instantBetween(created, now);

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", random.uuid());
        user.put("email", person.email());
        user.put("name", person.name());
        user.put("status", random.weighted(STATUSES));
        user.put("plan", random.weighted(PLANS));
        user.put("country", random.pick(countries));
        user.put("age", random.between(18, 80));
        user.put("login_count", random.between(0, 5000));
        user.put("created_at", RandomValues.iso(created));
        user.put("last_login", RandomValues.iso(lastLogin));
        return user;
    }
}
