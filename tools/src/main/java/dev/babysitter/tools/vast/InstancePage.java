package dev.babysitter.tools.vast;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of {@code GET /api/v1/instances/}; {@code instances} may be null in real replies. */
@JsonIgnoreProperties(ignoreUnknown = true)
record InstancePage(List<VastInstance> instances, String nextToken) {
  List<VastInstance> rows() {
    return instances == null ? List.of() : instances;
  }
}
