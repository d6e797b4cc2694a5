#!/usr/bin/env bash
# Runs the benchmark suite of docs/benchmarks.md side by side and writes, under
# benchmarks/target/results/<profile>/: comparisons.json, values.json and their .log files (JMH), report.md (the tables with
# medians, ratios and goal verdicts), compile-cost.md, and the hit-path plot hit-path.png; the
# full profile also memcached-cpu-per-hit.md (MemcachedCpuPerHit: question 3 in interleaved rounds).
#
#   bash scripts/bench.sh quick   # under 10 minutes on 2 cores: 1 fork, short iterations
#   bash scripts/bench.sh full    # 3 forks, longer iterations, 5 compile repeats (about an hour)
#
# Extra arguments go to JMH, e.g. `bash scripts/bench.sh quick -prof gc`; JVM options of the JMH
# launcher go in JMH_JAVA_OPTS, e.g. JMH_JAVA_OPTS=-Djmh.ignoreLock=true when another JMH run
# shares the machine (its figures are then noisier: say so).
# Needs memcached on the PATH (questions 3 and 4 start their own servers on loopback ports).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-quick}
shift || true
case "$profile" in
  quick)
    # Questions 1-3 (hit path, keys, memcached hit), then the value pipeline with fewer iterations.
    comparisons=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
    # Codecs on the image list only: random bytes and the small object are in the full profile.
    values=(-f 1 -wi 1 -i 3 -w 1s -r 1s -p input=imageList)
    compile=(1 100 1000)
    # The interleaved CPU-per-hit rounds of question 3 do not fit in 10 minutes: full only.
    cpu=()
    ;;
  full)
    comparisons=(-f 3 -wi 5 -i 10 -w 2s -r 2s)
    values=(-f 2 -wi 3 -i 8 -w 2s -r 2s)
    compile=(5 100 1000)
    cpu=(tiny,image 8 9 3)
    ;;
  *)
    echo "usage: $0 quick|full [JMH options]" >&2
    exit 2
    ;;
esac

out="benchmarks/target/results/$profile"
jar=benchmarks/target/benchmarks.jar
mkdir -p "$out"
mvn -B -q -ntp -pl benchmarks -am package -DskipTests

{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# $(java -version 2>&1 | head -n 1), $(memcached -V)"
} | tee "$out/machine.txt"

java ${JMH_JAVA_OPTS:-} -jar "$jar" 'HitPathBenchmark|KeyBenchmark|MemcachedHitBenchmark' "${comparisons[@]}" "$@" \
  -rf json -rff "$out/comparisons.json" | tee "$out/comparisons.log"
java ${JMH_JAVA_OPTS:-} -jar "$jar" 'PipelineBenchmark|ChunkingBenchmark|CompressionBenchmark|SerializerBenchmark' "${values[@]}" "$@" \
  -rf json -rff "$out/values.json" | tee "$out/values.log"

java -cp "$jar" dev.cachet.benchmarks.Report "$out/comparisons.json" "$out/values.json" | tee "$out/report.md"
java -cp "$jar" dev.cachet.benchmarks.HitPathPlot "$out/comparisons.json" "$out/hit-path.png"
java -cp "$jar" dev.cachet.benchmarks.CompileCost "${compile[@]}" | tee "$out/compile-cost.md"
if [ ${#cpu[@]} -gt 0 ]; then
  java -cp "$jar" dev.cachet.benchmarks.MemcachedCpuPerHit "${cpu[@]}" | grep -v '^\[' | tee "$out/memcached-cpu-per-hit.md"
fi
