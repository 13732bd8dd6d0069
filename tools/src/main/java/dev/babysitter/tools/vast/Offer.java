package dev.babysitter.tools.vast;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One rentable offer from {@code POST /api/v0/bundles/}. {@code id} is the ask id that create
 * takes. RAM is in MB as the API sends it; boxed fields may be null in real replies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Offer(long id, Long askContractId, Long machineId, Long hostId, String gpuName,
    Integer numGpus, Double gpuRam, Double gpuTotalRam, Double cpuRam, Double diskSpace,
    Double dphTotal, Double reliability, Double reliability2, String verification,
    Boolean rentable, String geolocation, Double inetDown, Double inetUp, Double cudaMaxGood,
    Double duration, Double endDate) {

  public Offer {
    gpuName = Strings.strip(gpuName);
    verification = Strings.strip(verification);
    geolocation = Strings.strip(geolocation);
  }

  /** $/h with storage for the searched disk size; +∞ when missing so that it sorts last. */
  public double dollarsPerHour() {
    return dphTotal == null ? Double.POSITIVE_INFINITY : dphTotal;
  }

  /** e.g. {@code 4x RTX 4090 24GB}, for tables and the run record. */
  public String hardware() {
    long gb = gpuRam == null ? 0 : Math.round(gpuRam / 1024.0);
    return (numGpus == null ? "?" : numGpus) + "x " + gpuName + " " + gb + "GB";
  }
}
