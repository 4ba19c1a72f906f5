package dev.loupe.library.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.library.ImageStatus;
import org.junit.jupiter.api.Test;

class ListParamsTest {

    private static Params params(String rawQuery) {
        return HttpRequest.from(APIGatewayV2HTTPEvent.builder().withRawPath("/api/2/images")
                .withRawQueryString(rawQuery).build()).params();
    }

    private static ListQuery api2(String rawQuery) {
        return ListParams.api2(params(rawQuery));
    }

    private static ListQuery loupe(String rawQuery) {
        return ListParams.loupe(params(rawQuery));
    }

    private static void refused(String rawQuery, String ref, String summary) {
        assertThatThrownBy(() -> api2(rawQuery)).as(rawQuery).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(ref);
            assertThat(e.getMessage()).isEqualTo(summary);
        });
    }

    @Test
    void defaultsAreThirtyNewestChangeFirstFromPageZero() {
        ListQuery q = api2("");
        assertThat(q.limit()).isEqualTo(30);
        assertThat(q.sort()).isEqualTo(ListSort.MODIFIEDDATE);
        assertThat(q.descending()).isTrue();
        assertThat(q.position()).isEqualTo(new ListQuery.Page(0));
        assertThat(q.statuses()).isEmpty();
        assertThat(q.extensions()).isEmpty();
        assertThat(q.search()).isEmpty();
        assertThat(loupe("").position()).isEqualTo(new ListQuery.After(Optional.empty()));
    }

    @Test
    void theReferencesParametersAreRead() {
        ListQuery q = api2("extension=PNG,jpeg,%20Tif&limit=7&offset=3&search=Home&sort=-name&status=active,2");
        assertThat(q.extensions()).containsExactlyInAnyOrder("png", "jpg", "tiff");
        assertThat(q.limit()).isEqualTo(7);
        assertThat(q.position()).isEqualTo(new ListQuery.Page(3));
        assertThat(q.search()).contains("home");
        assertThat(q.sort()).isEqualTo(ListSort.NAME);
        assertThat(q.descending()).isTrue();
        assertThat(q.statuses()).containsExactlyInAnyOrder(ImageStatus.ACTIVE, ImageStatus.ARCHIVED);
        assertThat(api2("status=1").statuses()).containsExactly(ImageStatus.ACTIVE);
        assertThat(api2("extension=png&extension=GIF").extensions()).containsExactlyInAnyOrder("png", "gif");
    }

    @Test
    void aPlusThatWasNotEncodedStillMeansAscending() {
        for (String sort : new String[]{"sort=+createdby", "sort=%2Bcreatedby", "sort=createdby", "sort=CreatedBy"}) {
            ListQuery q = api2(sort);
            assertThat(q.sort()).as(sort).isEqualTo(ListSort.CREATEDBY);
            assertThat(q.descending()).as(sort).isFalse();
        }
        assertThat(api2("sort=-extension").sort()).isEqualTo(ListSort.EXTENSION);
        assertThat(api2("sort=%2Bstatus").sort()).isEqualTo(ListSort.STATUS);
        assertThat(api2("sort=createddate").sort()).isEqualTo(ListSort.CREATEDDATE);
    }

    @Test
    void badParametersAnswerTheReferencesRefs() {
        refused("offset=-1", "106", "Invalid parameter: offset");
        refused("offset=two", "106", "Invalid parameter: offset");
        refused("offset=1.5", "106", "Invalid parameter: offset");
        refused("limit=0", "107", "Invalid parameter: limit");
        refused("limit=-3", "107", "Invalid parameter: limit");
        refused("limit=ten", "107", "Invalid parameter: limit");
        refused("limit=101", "107", "Invalid parameter: limit");
        refused("sort=size", "79", "Invalid parameter: sort");
        refused("sort=--name", "79", "Invalid parameter: sort");
        refused("sort=-", "79", "Invalid parameter: sort");
        refused("status=deleted", "invalid_status", "Invalid parameter: status");
        refused("status=3", "invalid_status", "Invalid parameter: status");
        refused("extension=svg", "invalid_extension", "Invalid parameter: extension");
        refused("search=" + "a".repeat(101), "invalid_search", "Invalid parameter: search");
        assertThat(api2("limit=100").limit()).isEqualTo(100);
        assertThat(api2("offset=9999999999").position()).isEqualTo(new ListQuery.Page(9_999_999_999L));
    }

    @Test
    void loupesRoutesNameTheParameterInTheirOwnErrors() {
        for (String bad : new String[]{"limit=0", "sort=size", "status=pending", "extension=heic"}) {
            assertThatThrownBy(() -> loupe(bad)).as(bad).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("bad_parameter");
                assertThat(e.param()).contains(bad.substring(0, bad.indexOf('=')));
            });
        }
        ListQuery q = loupe("cursor=abc&limit=5&extension=webp&status=archived&offset=4");
        assertThat(q.position()).isEqualTo(new ListQuery.After(Optional.of("abc")));
        assertThat(q.extensions()).isEqualTo(Set.of("webp"));
        assertThat(q.statuses()).isEqualTo(Set.of(ImageStatus.ARCHIVED));
    }

    @Test
    void emptyValuesMeanNoFilter() {
        ListQuery q = api2("extension=&status=,&search=%20%20&sort=&limit=&offset=");
        assertThat(q.extensions()).isEmpty();
        assertThat(q.statuses()).isEmpty();
        assertThat(q.search()).isEmpty();
        assertThat(q.limit()).isEqualTo(30);
        assertThat(q.sort()).isEqualTo(ListSort.MODIFIEDDATE);
    }
}
