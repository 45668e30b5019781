package dev.agentfleet.bench.result;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The results folder ({@code bench/results/}): one JSON file per benchmark, its latest run. */
public final class ResultFiles {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path folder;

  public ResultFiles(Path folder) {
    this.folder = folder;
  }

  /** The file of a benchmark's result. */
  public Path file(String benchmark) {
    return folder.resolve(benchmark + ".json");
  }

  /** Writes (replaces) a benchmark's result and returns its file. */
  public Path write(BenchResult result) {
    Path file = file(result.benchmark());
    try {
      Files.createDirectories(folder);
      Files.writeString(file, toJson(result) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A benchmark's latest result, if it ever ran here. */
  public Optional<BenchResult> read(String benchmark) {
    Path file = file(benchmark);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + " (" + e.getMessage() + ") — run the benchmark again", e);
    }
  }

  /** The latest results of the named benchmarks that have one, in that order. */
  public List<BenchResult> readAll(List<String> benchmarks) {
    List<BenchResult> results = new ArrayList<>();
    for (String name : benchmarks) {
      read(name).ifPresent(results::add);
    }
    return results;
  }

  /**
   * The latest results of the named benchmarks run on a cluster ({@code
   * <benchmark>-cluster-w<N>.json}): by benchmark in that order, then by the number of workers.
   */
  public List<BenchResult> readCluster(List<String> benchmarks) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<BenchResult> results = new ArrayList<>();
    for (String name : benchmarks) {
      String prefix = name + ClusterTable.CLUSTER_INFIX;
      Map<Integer, String> byWorkers = new TreeMap<>();
      try (Stream<Path> files = Files.list(folder)) {
        files
            .map(f -> f.getFileName().toString())
            .filter(f -> f.startsWith(prefix) && f.endsWith(".json"))
            .forEach(
                f -> {
                  String base = f.substring(0, f.length() - ".json".length());
                  ClusterTable.Name.of(base)
                      .filter(n -> n.benchmark().equals(name))
                      .ifPresent(n -> byWorkers.put(n.workers(), base));
                });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + folder, e);
      }
      byWorkers.values().forEach(base -> read(base).ifPresent(results::add));
    }
    return results;
  }

  static String toJson(BenchResult result) throws IOException {
    return JSON.writeValueAsString(result);
  }

  static BenchResult fromJson(String json) throws IOException {
    return JSON.readValue(json, BenchResult.class);
  }
}
