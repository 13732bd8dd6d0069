package dev.babysitter.tools.provider.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.provider.InstanceState;
import org.junit.jupiter.api.Test;

/**
 * A job's final record once it left the controller, from {@code sacct --jobs=<id> --noheader
 * --parsable2 --format=JobID,State,ExitCode,Reason}: per Slurm's sacct(1), {@code
 * --parsable2} is '|'-delimited without a trailing '|', one line for the job and one per step
 * ({@code .batch}, {@code .extern}, {@code .0}); ExitCode is {@code status:signal}; a cancelled
 * job's State is {@code CANCELLED by <uid>}. And the exit code of an ended job the controller
 * still remembers, from {@code scontrol show job --oneliner}.
 */
class SlurmAccountingTest {

  @Test
  void aCompletedJobIsDoneNotLost() {
    SlurmJob job = SlurmProvider.fromSacct("4242", """
        4242|COMPLETED|0:0|None
        4242.batch|COMPLETED|0:0|
        4242.extern|COMPLETED|0:0|
        """).orElseThrow();

    assertThat(job.state()).isEqualTo("COMPLETED");
    assertThat(job.instanceState()).isEqualTo(InstanceState.EXITED);
    assertThat(job.lost()).isFalse();
    assertThat(job.describe()).isEqualTo("completed");
  }

  @Test
  void aFailedJobKeepsItsExitCodeFromTheJobLineNotItsSteps() {
    SlurmJob job = SlurmProvider.fromSacct("4243", """
        4243|FAILED|3:0|None
        4243.batch|FAILED|3:0|
        4243.extern|COMPLETED|0:0|
        4243.0|FAILED|1:0|
        """).orElseThrow();

    assertThat(job.exitCode()).isEqualTo("3:0");
    assertThat(job.lost()).isFalse();
    assertThat(job.describe()).isEqualTo("failed, exit 3");
  }

  @Test
  void cancelledByAUserIsLostAndSaysByWhom() {
    SlurmJob job = SlurmProvider.fromSacct("4244", """
        4244|CANCELLED by 1000|0:15|None
        4244.batch|CANCELLED|0:15|
        4244.extern|COMPLETED|0:0|
        """).orElseThrow();

    assertThat(job.state()).isEqualTo("CANCELLED");
    assertThat(job.reason()).isEqualTo("by uid 1000");
    assertThat(job.lost()).isTrue();
    assertThat(job.describe()).isEqualTo("cancelled (by uid 1000), signal 15");
  }

  @Test
  void nodeFailureAndPreemptionAreLostATimeoutIsNot() {
    assertThat(SlurmProvider.fromSacct("4246", """
        4246|NODE_FAIL|0:0|None
        4246.batch|CANCELLED|0:15|
        """).orElseThrow().lost()).isTrue();
    assertThat(SlurmProvider.fromSacct("4247", "4247|PREEMPTED|0:0|None\n4247.batch|CANCELLED|0:15|\n")
        .orElseThrow().lost()).isTrue();
    SlurmJob timeout = SlurmProvider.fromSacct("4245", """
        4245|TIMEOUT|0:0|None
        4245.batch|CANCELLED|0:15|
        4245.extern|COMPLETED|0:0|
        """).orElseThrow();
    assertThat(timeout.lost()).isFalse(); // the dead-man switch stays a switch
    assertThat(timeout.state()).isEqualTo("TIMEOUT");
  }

  @Test
  void aReasonBesidesNoneIsKept() {
    SlurmJob job = SlurmProvider.fromSacct("51", "51|CANCELLED by 0|0:0|Dependency\n")
        .orElseThrow();
    assertThat(job.reason()).isEqualTo("Dependency, by uid 0");
  }

  @Test
  void noRecordOfTheJobIsEmpty() {
    assertThat(SlurmProvider.fromSacct("60", "")).isEmpty();
    assertThat(SlurmProvider.fromSacct("60", "600|COMPLETED|0:0|None\n60.batch|COMPLETED|0:0|\n"))
        .isEmpty();
  }

  @Test
  void scontrolGivesTheExitCodeNotTheDerivedOne() {
    String show = "JobId=12 JobName=r UserId=root(0) GroupId=root(0) Priority=1 JobState=FAILED"
        + " Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1"
        + " Reboot=0 ExitCode=2:0 DerivedExitCode=0:9 RunTime=00:00:01";
    assertThat(SlurmProvider.scontrolExitCode(show)).isEqualTo("2:0");
    assertThat(SlurmProvider.scontrolExitCode("ExitCode=0:9 Foo=1")).isEqualTo("0:9");
    assertThat(SlurmProvider.scontrolExitCode("slurm_load_jobs error: Invalid job id"))
        .isEmpty();
    assertThat(new SlurmJob("12", "FAILED", "NonZeroExitCode", "n1", "0:9").describe())
        .isEqualTo("failed (NonZeroExitCode), signal 9");
  }
}
