package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisServer;
import dev.cachet.runtime.testing.MemcachedServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that dies outside the fault schedule voids the run, as does a cluster primary failed over
 * outside it: its timeline, from which the checker derives window 3, would no longer say what
 * happened to the servers.
 */
class ServersCheckedTest {
  @Test
  void aServerStoppedOutsideTheScheduleIsReportedAtTheEndOfTheRun() {
    try (MemcachedServer running = MemcachedServer.start();
        MemcachedServer stopped = MemcachedServer.start()) {
      assertEquals(List.of(), ConsistencyRun.notRunning(List.of(running, stopped)));
      stopped.kill();
      List<String> dead = ConsistencyRun.notRunning(List.of(running, stopped));
      assertEquals(1, dead.size(), dead.toString());
      assertTrue(dead.get(0).contains(stopped.address()), dead.get(0));
    }
  }

  @Test
  void theScheduleRefusesToGoOnWithAVictimThatDiedOutsideIt() {
    try (MemcachedServer victim = MemcachedServer.start()) {
      FaultSchedule schedule = new FaultSchedule(victim, ConnectionDropper.probe());
      schedule.checkRunning(FaultEvent.Kind.PAUSED);
      assertEquals(List.of(), schedule.failures());
      victim.kill();
      schedule.checkRunning(FaultEvent.Kind.RESTARTED);
      assertEquals(List.of(), schedule.failures(), "a restart follows the schedule's own kill");
      schedule.checkRunning(FaultEvent.Kind.DROPPED);
      assertEquals(1, schedule.failures().size());
      assertTrue(schedule.failures().get(0).contains("not running before DROPPED"), schedule.failures().get(0));
    }
  }

  @Test
  void aClusterPrimaryFailedOverOutsideTheScheduleIsReportedAndTheVictimsShardIsNot() {
    try (RedisCluster cluster = RedisCluster.start()) {
      List<RedisServer> primaries = cluster.primaries();
      assertEquals(List.of(), ConsistencyRun.failedOverOutsideTheSchedule(cluster, primaries, false));
      cluster.failover(primaries.get(0));
      assertEquals(List.of(), ConsistencyRun.failedOverOutsideTheSchedule(cluster, primaries, true),
          "the first primary's shard is the victim's, whose failovers the schedule makes");
      List<String> failedOver = ConsistencyRun.failedOverOutsideTheSchedule(cluster, primaries, false);
      assertEquals(1, failedOver.size(), failedOver.toString());
      assertTrue(failedOver.get(0).contains(primaries.get(0).address()), failedOver.get(0));
    }
  }
}
