package dev.babysitter.tools.vast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Offer filters in our units (GB, $/h). Null means "any". {@link #toJson} builds the body of
 * {@code POST /api/v0/bundles/} with the CLI's default filters (verified, not external,
 * rentable, not rented) and cheapest first.
 */
public record OfferQuery(List<String> gpuNames, Integer minGpus, Double minGpuRamGb,
    Double maxDollarsPerHour, Double minReliability, Double minDiskGb, int limit) {

  public OfferQuery {
    gpuNames = gpuNames == null ? List.of() : List.copyOf(gpuNames);
    if (limit <= 0) {
      limit = 64;
    }
  }

  public static OfferQuery any() {
    return new OfferQuery(List.of(), null, null, null, null, null, 64);
  }

  ObjectNode toJson(ObjectMapper json) {
    ObjectNode q = json.createObjectNode();
    q.putObject("verified").put("eq", true);
    q.putObject("external").put("eq", false);
    q.putObject("rentable").put("eq", true);
    q.putObject("rented").put("eq", false);
    if (!gpuNames.isEmpty()) {
      ArrayNode names = q.putObject("gpu_name").putArray("in");
      // The CLI query language uses underscores for spaces and converts them before sending.
      gpuNames.forEach(name -> names.add(name.replace('_', ' ')));
    }
    if (minGpus != null) {
      q.putObject("num_gpus").put("gte", minGpus);
    }
    if (minGpuRamGb != null) {
      // gpu_ram is MB in the REST API; the CLI multiplies GB by 1000, so we do too.
      q.putObject("gpu_ram").put("gte", minGpuRamGb * 1000);
    }
    if (maxDollarsPerHour != null) {
      q.putObject("dph_total").put("lte", maxDollarsPerHour);
    }
    if (minReliability != null) {
      q.putObject("reliability").put("gte", minReliability);
    }
    if (minDiskGb != null) {
      q.putObject("disk_space").put("gte", minDiskGb);
      // dph_total includes storage for this size, so price what we will actually allocate.
      q.put("allocated_storage", minDiskGb);
    }
    q.putArray("order").addArray().add("dph_total").add("asc");
    q.put("type", "on-demand");
    q.put("limit", limit);
    return q;
  }
}
