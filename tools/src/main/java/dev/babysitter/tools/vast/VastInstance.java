package dev.babysitter.tools.vast;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.babysitter.tools.provider.InstanceState;
import java.util.Optional;

/**
 * The fields of a Vast instance that the babysitter uses (show and list return the same shape).
 * {@code ports} is kept as raw JSON because the docs show it both as a mapping dict and as an
 * int list.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VastInstance(long id, String label, String actualStatus, String intendedStatus,
    String curState, String nextState, String statusMsg, String sshHost, Integer sshPort,
    String publicIpaddr, JsonNode ports, String imageUuid, String imageRuntype, Double dphTotal,
    Double startDate, Double endDate, Integer numGpus, String gpuName, Double gpuRam,
    Long machineId, Double diskSpace) {

  public VastInstance {
    label = Strings.strip(label);
    actualStatus = Strings.strip(actualStatus);
    intendedStatus = Strings.strip(intendedStatus);
    curState = Strings.strip(curState);
    nextState = Strings.strip(nextState);
    statusMsg = Strings.strip(statusMsg);
    sshHost = Strings.strip(sshHost);
    publicIpaddr = Strings.strip(publicIpaddr);
    imageUuid = Strings.strip(imageUuid);
    imageRuntype = Strings.strip(imageRuntype);
    gpuName = Strings.strip(gpuName);
  }

  /**
   * Maps {@code actual_status} onto our states as SkyPilot and the CLI self-test do: null,
   * created, loading, rebooting and restarting are still coming up; exited, stopped and frozen
   * are over for us; unknown and offline mean the host is gone.
   */
  public InstanceState state() {
    if (actualStatus == null) {
      return InstanceState.LOADING;
    }
    return switch (actualStatus) {
      case "created", "loading", "rebooting", "restarting", "scheduling" -> InstanceState.LOADING;
      case "running" -> InstanceState.RUNNING;
      case "exited", "stopped", "frozen" -> InstanceState.EXITED;
      default -> InstanceState.OFFLINE;
    };
  }

  /**
   * The status message when it reports an error while the instance is not running (image pull
   * failed, OCI runtime error): such an instance will never come up. Same words as the CLI
   * self-test.
   */
  public Optional<String> startupError() {
    if ("running".equals(actualStatus) || statusMsg == null) {
      return Optional.empty();
    }
    return statusMsg.toLowerCase().matches(
        "(?s).*(error|failed|failure|exception|traceback|oci runtime|permission denied).*")
        ? Optional.of(statusMsg) : Optional.empty();
  }

  /**
   * Where to SSH: {@code root@public_ipaddr:HostPort} when port 22 is mapped directly, else the
   * proxy {@code ssh_host:ssh_port} (+1 for jupyter images), as the CLI's {@code _ssh_url}.
   */
  public Optional<SshEndpoint> sshEndpoint() {
    if (ports != null && ports.isObject() && publicIpaddr != null && !publicIpaddr.isEmpty()) {
      JsonNode mapping = ports.path("22/tcp");
      if (mapping.isArray() && mapping.size() > 0) {
        String hostPort = mapping.get(0).path("HostPort").asText("");
        if (hostPort.matches("[0-9]+")) {
          return Optional.of(new SshEndpoint("root", publicIpaddr, Integer.parseInt(hostPort)));
        }
      }
    }
    if (sshHost != null && !sshHost.isEmpty() && sshPort != null) {
      int port = imageRuntype != null && imageRuntype.contains("jupyter") ? sshPort + 1 : sshPort;
      return Optional.of(new SshEndpoint("root", sshHost, port));
    }
    return Optional.empty();
  }

  /** An SSH address for an instance. */
  public record SshEndpoint(String user, String host, int port) {}
}
