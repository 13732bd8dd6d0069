package dev.babysitter.agent.demo.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Response bodies in Vast's own shapes (shared/reference/vast-api.md), for the stand-ins that
 * serve them: the demo's stateful cloud and the chaos bench's faulty one. One place, so the
 * two cannot drift from the real API apart.
 */
public final class VastShapes {
  private VastShapes() {}

  /** The {@code label} an instance list is filtered on ({@code {"label": {"eq": …}}}), or null. */
  public static String labelFilter(JsonNode filter) {
    return filter == null ? null : filter.path("label").path("eq").asText(null);
  }

  /** {@code GET /instances/}: the rows and Vast's paging fields. */
  public static ObjectNode instanceList(ObjectMapper json, List<ObjectNode> views) {
    ArrayNode rows = json.createArrayNode();
    views.forEach(rows::add);
    ObjectNode body = json.createObjectNode().put("success", true)
        .put("instances_found", rows.size()).put("total_instances", rows.size());
    body.putNull("next_token");
    body.set("instances", rows);
    return body;
  }

  /** One offer of {@code POST /bundles/}. */
  public static ObjectNode offer(ObjectMapper json, long id, String gpu, int n, int ramMb,
      double dph, String geolocation) {
    return json.createObjectNode().put("id", id).put("ask_contract_id", id)
        .put("machine_id", 170 + id % 10).put("gpu_name", gpu).put("num_gpus", n)
        .put("gpu_ram", ramMb).put("gpu_total_ram", ramMb * n).put("cpu_ram", 65536)
        .put("disk_space", 500.0).put("dph_total", dph).put("reliability", 0.995)
        .put("reliability2", 0.995).put("verification", "verified").put("rentable", true)
        .put("geolocation", geolocation).put("inet_down", 900.0).put("inet_up", 500.0)
        .put("cuda_max_good", 12.4).put("duration", 864000.0);
  }
}
