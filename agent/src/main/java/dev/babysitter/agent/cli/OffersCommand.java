package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.babysitter.tools.vast.Offer;
import dev.babysitter.tools.vast.OfferQuery;
import dev.babysitter.tools.vast.VastException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code babysitter offers}: what Vast would rent right now, cheapest first. */
@Command(name = "offers", mixinStandardHelpOptions = true,
    description = "Search Vast.ai offers (verified, rentable, on-demand), cheapest $/h first.")
public final class OffersCommand implements Callable<Integer> {
  @Mixin
  VastOptions vast;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--gpu", paramLabel = "NAME", split = ",",
      description = "GPU name(s), e.g. RTX_4090 or \"H100 SXM\" (any of them)")
  List<String> gpus;

  @Option(names = "--num-gpus", paramLabel = "N", description = "at least N GPUs")
  Integer numGpus;

  @Option(names = "--min-gpu-ram", paramLabel = "GB", description = "per GPU")
  Double minGpuRam;

  @Option(names = "--max-dph", paramLabel = "X", description = "at most X $/h (with the disk)")
  Double maxDph;

  @Option(names = "--min-reliability", paramLabel = "R", description = "0..1, e.g. 0.98")
  Double minReliability;

  @Option(names = "--min-disk", paramLabel = "GB",
      description = "disk to allocate; prices include it")
  Double minDisk;

  @Option(names = "--limit", defaultValue = "30", description = "rows (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (minReliability != null && (minReliability < 0 || minReliability > 1)) {
      throw new UserException("--min-reliability must be between 0 and 1", ExitCodes.USAGE);
    }
    List<Offer> offers;
    try {
      offers = vast.client().searchOffers(new OfferQuery(gpus, numGpus, minGpuRam, maxDph,
          minReliability, minDisk, limit));
    } catch (VastException e) {
      throw VastFailure.of(e);
    }
    List<Offer> shown = offers.stream().filter(this::matches).limit(limit).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(shown));
    } else if (shown.isEmpty()) {
      out.println("no offers match");
    } else {
      out.println(table(shown));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The filters again, on our side: the server applies them, but a row that slipped through
   * (or a stand-in API that ignores them) must not be shown as matching. Unknown values pass,
   * as "?" in the table; a known value outside a filter does not.
   */
  boolean matches(Offer o) {
    if (gpus != null && !gpus.isEmpty() && gpus.stream()
        .noneMatch(g -> g.replace('_', ' ').equalsIgnoreCase(String.valueOf(o.gpuName())))) {
      return false;
    }
    return atLeast(o.numGpus() == null ? null : o.numGpus().doubleValue(),
            numGpus == null ? null : numGpus.doubleValue())
        // gpu_ram is MB; the query asks for GB x 1000, as Vast's CLI does.
        && atLeast(o.gpuRam(), minGpuRam == null ? null : minGpuRam * 1000)
        && (maxDph == null || o.dollarsPerHour() <= maxDph)
        && atLeast(o.reliability(), minReliability)
        && atLeast(o.diskSpace(), minDisk);
  }

  private static boolean atLeast(Double value, Double min) {
    return min == null || value == null || value >= min;
  }

  static String table(List<Offer> offers) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%-10s %-18s %3s %7s %8s %7s %8s  %s%n", "OFFER", "GPU", "N", "GPU_GB", "$/H",
        "RELIAB", "DISK_GB", "LOCATION"));
    for (Offer o : offers) {
      b.append(String.format(Locale.ROOT, "%-10d %-18s %3s %7s %8.3f %7s %8s  %s%n", o.id(),
          o.gpuName(), o.numGpus() == null ? "?" : o.numGpus(),
          o.gpuRam() == null ? "?" : String.valueOf(Math.round(o.gpuRam() / 1024.0)),
          o.dollarsPerHour(), o.reliability() == null ? "?"
              : String.format(Locale.ROOT, "%.3f", o.reliability()),
          o.diskSpace() == null ? "?" : String.valueOf(Math.round(o.diskSpace())),
          o.geolocation() == null ? "" : o.geolocation()));
    }
    return b.toString().stripTrailing();
  }
}
