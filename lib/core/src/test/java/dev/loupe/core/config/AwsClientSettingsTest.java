package dev.loupe.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;

/**
 * The fixed DynamoDB endpoint ({@link AwsClientSettings#regionalEndpoint}) replaces the SDK's endpoint rules on every
 * request, so it must be the address those rules choose, in every region the SDK knows, for the options Loupe uses.
 */
class AwsClientSettingsTest {
    @Test
    void theFixedDynamoDbEndpointIsTheOneTheSdksRulesChooseInEveryKnownRegion() {
        DynamoDbEndpointProvider rules = DynamoDbEndpointProvider.defaultProvider();
        List<Region> known = Region.regions().stream().filter(r -> r.metadata() != null && !r.isGlobalRegion())
                .toList();
        assertThat(known).hasSizeGreaterThan(20).contains(Region.US_EAST_1, Region.CN_NORTH_1, Region.US_GOV_WEST_1);
        for (Region region : known) {
            URI chosen = rules.resolveEndpoint(DynamoDbEndpointParams.builder().region(region)
                    .useFips(false).useDualStack(false).build()).join().url();
            assertThat(AwsClientSettings.regionalEndpoint("dynamodb", region)).as(region.id())
                    .contains(chosen);
        }
    }

    @Test
    void aRegionWithoutMetadataLeavesTheEndpointToTheRules() {
        assertThat(AwsClientSettings.regionalEndpoint("dynamodb", Region.of("xx-nowhere-9"))).isEqualTo(Optional.empty());
    }
}
