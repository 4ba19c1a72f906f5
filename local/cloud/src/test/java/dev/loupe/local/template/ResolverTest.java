package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The template values the resolver answers: Ref (resources, parameters, pseudo parameters), GetAtt and Sub. */
class ResolverTest {
    private final Resolver resolver = new Resolver(
            Map.of("Table", "TableName", "Queue", "http://queue"),
            Map.of("Table", "arn:table", "Table.StreamArn", "arn:stream"))
            .withParameters(Map.of("Limit", "25"), "eu-west-1");

    @Test
    void resolvesRefsToResourcesParametersAndPseudoParameters() {
        assertThat(resolver.resolve(Map.of("Ref", "Table"))).isEqualTo("TableName");
        assertThat(resolver.resolve(Map.of("Ref", "Limit"))).isEqualTo("25");
        assertThat(resolver.resolve(Map.of("Ref", "AWS::Region"))).isEqualTo("eu-west-1");
        assertThat(resolver.resolve("plain")).isEqualTo("plain");
    }

    @Test
    void resolvesBothFormsOfSub() {
        assertThat(resolver.resolve(Map.of("Fn::Sub", "${Table}:${Limit}@${AWS::Region} ${Table.StreamArn} ${!Keep}")))
                .isEqualTo("TableName:25@eu-west-1 arn:stream ${Keep}");
        assertThat(resolver.resolve(Map.of("Fn::Sub", List.of("${Own}-${Queue}",
                Map.of("Own", Map.of("Fn::GetAtt", List.of("Table", "Arn")))))))
                .isEqualTo("arn:table-http://queue");
    }

    @Test
    void failsOnWhatTheTemplateDoesNotDeclare() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("Fn::Sub", "${Missing}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Missing");
        assertThatThrownBy(() -> resolver.resolve(Map.of("Ref", "Other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Other");
    }
}
