package dev.babysitter.tools.vast;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.tools.shell.Backoff;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A create whose connection is reset after Vast received it (and may have rented the machine)
 * is never sent again: OkHttp by default silently retried the PUT on a new connection, a blind
 * second create (found by {@code bench chaos --only vast-faults}). The lost reply is reconciled
 * by label instead.
 */
class VastCreateResetTest {
  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @Test
  void aResetCreateIsSentOnceAndAdoptedByLabel() throws Exception {
    vast.stubFor(put("/api/v0/asks/12345678/")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    vast.stubFor(get(urlPathEqualTo("/api/v1/instances/"))
        .willReturn(okJson(VastClientTest.res("list-one.json"))));
    Backoff backoff = new Backoff(3, Duration.ofMillis(10), 2.0, Duration.ofMillis(50));
    // OkHttp's defaults, as production builds it (retryOnConnectionFailure is on by default)
    VastClient client = new VastClient(vast.baseUrl(), VastCredentials.of("k-0123456789",
        "test"), new OkHttpClient.Builder().build(), backoff, backoff, d -> { });
    // a pooled connection, as in a babysitter's life: the create reuses it
    assertThat(client.findByLabel("babysit-run-42")).hasSize(1);

    CreateResult created = client.createInstance(12345678, new CreateRequest(
        "pytorch/pytorch:2.4.0", 40, "babysit-run-42", "true", Map.of()));

    vast.verify(exactly(1), putRequestedFor(anyUrl()));
    assertThat(created.adopted()).isTrue();
    assertThat(created.instanceId()).isEqualTo(4242);
  }
}
