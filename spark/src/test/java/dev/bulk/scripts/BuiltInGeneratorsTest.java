package dev.bulk.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class BuiltInGeneratorsTest {

    @Test
    void defaultMakesThreeItemsSharingOneTwelveCharPkWithDistinctTwentyFourCharSks() {
        List<Map<String, AttributeValue>> items = ScriptFiles.items(new DefaultGenerator().generate());

        assertThat(items).hasSize(3);
        Set<String> pks = new HashSet<>();
        Set<String> sks = new HashSet<>();
        for (Map<String, AttributeValue> item : items) {
            assertThat(item.get("pk").type()).isEqualTo(AttributeValue.Type.S);
            assertThat(item.get("sk").type()).isEqualTo(AttributeValue.Type.S);
            pks.add(item.get("pk").s());
            sks.add(item.get("sk").s());
        }
        assertThat(pks).singleElement().asString().hasSize(12).matches("[a-z0-9]+");
        assertThat(sks).hasSize(3).allSatisfy(sk -> assertThat(sk).hasSize(24).matches("[a-z0-9]+"));
    }

    @Test
    void defaultHasOneItemWithMetaMapOneWithPayloadAndOneWithOnlyKeys() {
        List<Map<String, AttributeValue>> items = ScriptFiles.items(new DefaultGenerator().generate());

        assertThat(items).filteredOn(item -> item.containsKey("#meta")).singleElement()
                .satisfies(item -> assertThat(item.get("#meta").type()).isEqualTo(AttributeValue.Type.M));
        assertThat(items).filteredOn(item -> item.containsKey("payload")).singleElement()
                .satisfies(item -> assertThat(item.get("payload").s()).hasSize(200));
        assertThat(items).filteredOn(item -> item.keySet().equals(Set.of("pk", "sk"))).hasSize(1);
    }

    @Test
    void defaultUsesANewPartitionKeyOnEveryCall() {
        DefaultGenerator generator = new DefaultGenerator();
        Set<String> pks = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            pks.add(ScriptFiles.items(generator.generate()).get(0).get("pk").s());
        }
        assertThat(pks).hasSize(1000);
    }

    @Test
    void noskMakesOneItemWithNumericPknumBetweenOneAndABillionAndAPayload() {
        NoSortKeyGenerator generator = new NoSortKeyGenerator();
        for (int i = 0; i < 1000; i++) {
            List<Map<String, AttributeValue>> items = ScriptFiles.items(generator.generate());

            assertThat(items).hasSize(1);
            Map<String, AttributeValue> item = items.get(0);
            assertThat(item.keySet()).containsExactly("pknum", "payload");
            assertThat(item.get("pknum").type()).isEqualTo(AttributeValue.Type.N);
            assertThat(Long.parseLong(item.get("pknum").n())).isBetween(1L, 1_000_000_000_000_000L);
            assertThat(item.get("payload").s()).hasSize(200);
        }
    }

    @Test
    void usersMakesOneUserKeyedByUuidWithTypedProfileAttributes() {
        Map<String, AttributeValue> user = ScriptFiles.items(new UsersGenerator().generate()).get(0);

        assertThat(UUID.fromString(user.get("user_id").s()).version()).isEqualTo(4);
        assertThat(user.get("email").s()).contains("@");
        assertThat(user.get("name").s()).contains(" ");
        assertThat(user.get("country").s()).isNotBlank();
        assertThat(user.get("status").s()).isIn("active", "inactive", "suspended");
        assertThat(user.get("plan").s()).isIn("free", "pro", "enterprise");
        assertThat(Integer.parseInt(user.get("age").n())).isBetween(18, 80);
        assertThat(Integer.parseInt(user.get("login_count").n())).isNotNegative();
        Instant created = Instant.parse(user.get("created_at").s());
        Instant lastLogin = Instant.parse(user.get("last_login").s());
        assertThat(lastLogin).isAfterOrEqualTo(created).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void usersStatusAndPlanFollowTheirWeights() {
        UsersGenerator generator = new UsersGenerator();
        Map<String, Integer> counts = new HashMap<>();
        int calls = 20_000;
        for (int i = 0; i < calls; i++) {
            Map<String, AttributeValue> user = ScriptFiles.items(generator.generate()).get(0);
            counts.merge("status=" + user.get("status").s(), 1, Integer::sum);
            counts.merge("plan=" + user.get("plan").s(), 1, Integer::sum);
        }
        // Bounds are about ten standard deviations wide: a real weighting bug fails, chance does not.
        assertThat(share(counts, "status=active", calls)).isBetween(0.77, 0.83);
        assertThat(share(counts, "status=inactive", calls)).isBetween(0.12, 0.18);
        assertThat(share(counts, "status=suspended", calls)).isBetween(0.035, 0.065);
        assertThat(share(counts, "plan=free", calls)).isBetween(0.565, 0.635);
        assertThat(share(counts, "plan=pro", calls)).isBetween(0.265, 0.335);
        assertThat(share(counts, "plan=enterprise", calls)).isBetween(0.08, 0.12);
    }

    @Test
    void multiEntityRelationshipPutsCompanyProductEventAndUsersUnderOneCompanyKey() {
        List<Map<String, AttributeValue>> items = ScriptFiles.items(new MultiEntityRelationshipGenerator().generate());

        assertThat(items.size()).isBetween(4, 6);
        String pk = items.get(0).get("pk").s();
        assertThat(pk).startsWith("COMPANY#");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("pk").s()).isEqualTo(pk);
            assertThat(item.get("sk").type()).isEqualTo(AttributeValue.Type.S);
        });
        Map<String, AttributeValue> company = items.get(0);
        assertThat(company.get("sk").s()).isEqualTo("METADATA");
        assertThat(company.get("name").s()).isNotBlank();
        assertThat(company.get("industry").s()).isNotBlank();
        assertThat(company.get("company_type").s()).isIn("Public", "Private", "Non-profit", "Government",
                "Partnership", "Cooperative");
        assertThat(items.get(1).get("sk").s()).startsWith("PRODUCT#");
        assertThat(new BigDecimal(items.get(1).get("price").n())).isPositive();
        assertThat(items.get(2).get("sk").s()).matches("EVENT#\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ#[0-9a-f-]{36}");
        List<Map<String, AttributeValue>> users = items.subList(3, items.size());
        assertThat(users).isNotEmpty().allSatisfy(user -> {
            assertThat(user.get("sk").s()).startsWith("USER#");
            assertThat(user.get("name").s()).isNotBlank();
            assertThat(user.get("email").s()).contains("@");
        });
    }

    @Test
    void multiEntityRelationshipMakesBetweenOneAndThreeUsersPerCompany() {
        MultiEntityRelationshipGenerator generator = new MultiEntityRelationshipGenerator();
        Set<Integer> userCounts = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            userCounts.add(((List<?>) generator.generate()).size() - 3);
        }
        assertThat(userCounts).containsExactlyInAnyOrder(1, 2, 3);
    }

    static List<String> fillBuiltIns() {
        return ScriptCatalog.builtInNames(ScriptKind.FILL);
    }

    @ParameterizedTest
    @MethodSource("fillBuiltIns")
    void builtInGeneratesHundredThousandItemsInWellUnderAFewSeconds(String name) {
        ItemGenerator generator = ScriptCatalog.resolve(ScriptKind.FILL, name, null).newInstance(ItemGenerator.class);
        for (int i = 0; i < 2_000; i++) {
            generator.generate();
        }
        long started = System.nanoTime();
        long items = 0;
        while (items < 100_000) {
            Object generated = generator.generate();
            items += generated instanceof List<?> list ? list.size() : 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // Generous for slow CI machines; a generator that does real work per call (a new Faker,
        // a SecureRandom) takes far longer than this.
        assertThat(seconds).as("seconds for 100k items of %s", name).isLessThan(4.0);
    }

    private static double share(Map<String, Integer> counts, String key, int total) {
        return counts.getOrDefault(key, 0) / (double) total;
    }
}
