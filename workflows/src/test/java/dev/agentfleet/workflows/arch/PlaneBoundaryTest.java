package dev.agentfleet.workflows.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The decision plane stays deterministic and free of I/O: no model client, database, network, file,
 * clock, randomness or thread of its own. Workflow code gets time, randomness and concurrency from
 * Temporal's {@code Workflow} API.
 */
class PlaneBoundaryTest {

  private static final JavaClasses DECISION_PLANE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.agentfleet.workflows");

  @Test
  void decision_plane_has_no_io_dependencies() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.langchain4j..",
                "java.sql..",
                "javax.sql..",
                "java.net..",
                "java.net.http..",
                "java.nio.file..",
                "java.nio.channels..",
                "okhttp3..",
                "org.flywaydb..",
                "org.xerial..",
                "dev.agentfleet.activities..",
                "dev.agentfleet.worker..",
                "dev.agentfleet.starter..")
            .because("workflows/ is the decision plane: I/O belongs to activities/");
    rule.check(DECISION_PLANE);
  }

  @Test
  void decision_plane_uses_no_jdk_clock_random_or_threads() {
    ArchRule rule =
        noClasses()
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.util.UUID.class, "randomUUID")
            .orShould()
            .dependOnClassesThat(
                JavaClass.Predicates.assignableTo(java.util.Random.class)
                    .and(
                        DescribedPredicate.not(
                            JavaClass.Predicates.equivalentTo(SecureRandom.class))))
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("java.util.concurrent..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(java.io.File.class)
            .because("workflow code must replay deterministically; use Workflow.* instead");
    rule.check(DECISION_PLANE);
  }

  /**
   * The payload codec needs a secure random nonce for every payload it encrypts. It runs inside the
   * data converter, not in workflow logic: the ciphertext never decides a command, so replay is not
   * affected. Nothing else in the decision plane may touch {@link SecureRandom}.
   */
  @Test
  void only_the_payload_codec_uses_secure_random() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.agentfleet.workflows.codec..")
            .should()
            .dependOnClassesThat()
            .areAssignableTo(SecureRandom.class)
            .because("randomness in workflow code breaks replay; use Workflow.newRandom()");
    rule.check(DECISION_PLANE);
  }
}
