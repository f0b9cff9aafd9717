package io.vigia.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  @Test
  void resultsComeInItemOrderWhateverOrderTheWorkFinishesIn() {
    // the first item finishes last: it waits until the others are done
    CountDownLatch othersDone = new CountDownLatch(3);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> out = SideBySide.map(List.of(1, 2, 3, 4), 4, "test", i -> {
      threads.add(Thread.currentThread().getName());
      if (i == 1) {
        assertThat(othersDone.await(30, TimeUnit.SECONDS)).isTrue();
      } else {
        othersDone.countDown();
      }
      return i * 10;
    });
    assertThat(out).containsExactly(10, 20, 30, 40);
    assertThat(threads).hasSize(4);
  }

  @Test
  void theFirstFailureInItemOrderIsThrownAfterAllItemsEnded() {
    AtomicInteger ended = new AtomicInteger();
    assertThatThrownBy(() -> SideBySide.map(List.of(1, 2, 3), 2, "writing x", i -> {
          ended.incrementAndGet();
          if (i == 2) {
            throw new IOException("disk full");
          }
          if (i == 3) {
            throw new IllegalArgumentException("later");
          }
          return i;
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("writing x failed: disk full")
        .hasCauseInstanceOf(IOException.class);
    assertThat(ended).hasValue(3);
  }

  @Test
  void oneThreadRunsInTheCallersThread() {
    String caller = Thread.currentThread().getName();
    assertThat(SideBySide.map(
            List.of("a", "b"), 1, "test", x -> Thread.currentThread().getName()))
        .containsOnly(caller);
    assertThat(SideBySide.map(List.<String>of(), 4, "test", x -> x)).isEmpty();
  }
}
