package dev.agentfleet.activities.model;

import dev.langchain4j.model.embedding.EmbeddingModel;

/** One all-MiniLM-L6-v2 instance for every test class in the JVM; it takes seconds to load. */
final class SharedEmbeddingModel {

  private static EmbeddingModel instance;

  private SharedEmbeddingModel() {}

  static synchronized EmbeddingModel get() {
    if (instance == null) {
      instance = OfflineModelProvider.loadEmbeddingModel();
    }
    return instance;
  }
}
