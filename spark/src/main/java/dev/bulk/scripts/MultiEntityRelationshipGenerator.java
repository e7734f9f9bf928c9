package dev.bulk.scripts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Built-in {@code multi_entity_relationship}: a single-table design where one company's item
 * collection ({@code pk = COMPANY#id}) holds its metadata, a product, an event and 1–3 users,
 * told apart by the {@code sk} prefix. Useful for trying queries with {@code begins_with(sk, ...)}.
 */
public class MultiEntityRelationshipGenerator implements ItemGenerator {
    private static final List<String> COMPANY_TYPES = List.of(
            "Public", "Private", "Non-profit", "Government", "Partnership", "Cooperative");
    private static final List<String> INDUSTRIES = List.of(
            "Automotive", "Biotechnology", "Education", "Energy", "Entertainment", "Financial Services",
            "Healthcare", "Hospitality", "Information Technology", "Manufacturing", "Retail", "Telecommunications");
    private static final List<String> EVENT_TYPES = List.of(
            "ACCOUNT_CREATED", "PLAN_CHANGED", "INVOICE_PAID", "SUPPORT_TICKET_OPENED", "PRODUCT_LAUNCHED");
    private static final List<String> ROLES = List.of("admin", "member", "viewer", "billing");
    private static final Duration HISTORY = Duration.ofDays(5 * 365);
    private static final int MAX_USERS = 3;
    private static final int POOL_SIZE = 256;

    private final RandomValues random;
    private final FakePeople people;
    private final List<String> companyNames;
    private final List<String> productNames;
    private final List<String> countries;

    public MultiEntityRelationshipGenerator() {
        Random seed = new Random();
        Faker faker = new Faker(Locale.ENGLISH, seed);
        this.random = new RandomValues(seed);
        this.people = new FakePeople(faker, random, POOL_SIZE);
        this.companyNames = RandomValues.pool(POOL_SIZE, () -> faker.company().name());
        this.productNames = RandomValues.pool(POOL_SIZE, () -> faker.commerce().productName());
        this.countries = RandomValues.pool(POOL_SIZE, () -> faker.address().country());
    }

    @Override
    public Object generate() {
        String companyId = random.uuid();
        String pk = "COMPANY#" + companyId;
        Instant now = Instant.now();
        Instant founded = random.instantBetween(now.minus(HISTORY), now);

        int userCount = random.between(1, MAX_USERS);
        List<Map<String, Object>> items = new ArrayList<>(3 + userCount);
        items.add(company(pk, companyId, founded));
        items.add(product(pk, founded, now));
        items.add(event(pk, founded, now));
        for (int i = 0; i < userCount; i++) {
            items.add(user(pk, founded, now));
        }
        return items;
    }

    private Map<String, Object> company(String pk, String companyId, Instant founded) {
        Map<String, Object> item = item(pk, "METADATA", "Company");
        item.put("company_id", companyId);
        item.put("name", random.pick(companyNames));
        item.put("industry", random.pick(INDUSTRIES));
        item.put("company_type", random.pick(COMPANY_TYPES));
        item.put("country", random.pick(countries));
        item.put("created_at", RandomValues.iso(founded));
        return item;
    }

    private Map<String, Object> product(String pk, Instant founded, Instant now) {
        String productId = random.uuid();
        Map<String, Object> item = item(pk, "PRODUCT#" + productId, "Product");
        item.put("product_id", productId);
        item.put("name", random.pick(productNames));
        // Cents as a scaled BigDecimal: stored as an exact N, never a binary double.
        item.put("price", BigDecimal.valueOf(random.between(100L, 1_000_000L), 2));
        item.put("created_at", RandomValues.iso(random.instantBetween(founded, now)));
        return item;
    }

    private Map<String, Object> event(String pk, Instant founded, Instant now) {
        String eventId = random.uuid();
        String occurred = RandomValues.iso(random.instantBetween(founded, now));
        Map<String, Object> item = item(pk, "EVENT#" + occurred + "#" + eventId, "Event");
        item.put("event_id", eventId);
        item.put("event_type", random.pick(EVENT_TYPES));
        item.put("occurred_at", occurred);
        return item;
    }

    private Map<String, Object> user(String pk, Instant founded, Instant now) {
        String userId = random.uuid();
        FakePeople.Person person = people.next();
        Map<String, Object> item = item(pk, "USER#" + userId, "User");
        item.put("user_id", userId);
        item.put("name", person.name());
        item.put("email", person.email());
        item.put("role", random.pick(ROLES));
        item.put("joined_at", RandomValues.iso(random.instantBetween(founded, now)));
        return item;
    }

    private static Map<String, Object> item(String pk, String sk, String entityType) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", pk);
        item.put("sk", sk);
        item.put("entity_type", entityType);
        return item;
    }
}
