package dev.agentfleet.bench.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionQualitySectionTest {

  @TempDir Path folder;

  @Test
  void renders_each_saved_evaluation_with_its_command_targets_and_verdicts() throws Exception {
    Files.writeString(
        folder.resolve("bank-support-validation.json"),
        """
        {"name":"bank-support-validation",
         "command":"./fleet eval bank-support --labelled examples/banking77-validation.csv",
         "date":"2026-12-07T07:00:00Z","seconds":61.5,
         "targets":[{"figure":"accuracy","op":">=","target":0.92,"measured":0.931,"met":true},
                    {"figure":"ece","op":"<=","target":0.03,"measured":0.041,"met":false}],
         "figures":{"accuracy":0.931,"ece":0.041,"macroF1":0.93},
         "report":{"records":2001,"version":"abc123",
                   "threshold":{"targetPrecision":0.99,"confidence":0.8,"coverage":0.7,
                                "precision":0.991},
                   "autoActions":[{"rule":"route/freeze_card","records":120,"precision":1.0}]}}
        """);
    String md = DecisionQualitySection.render(folder);
    assertThat(md)
        .contains("## Decision quality")
        .contains("### bank-support-validation")
        .contains("`./fleet eval bank-support --labelled examples/banking77-validation.csv`")
        .contains("| accuracy | 0.931 | >= 0.92 | met |")
        .contains("| ece | 0.041 | <= 0.03 | **MISSED** |")
        .contains("| macroF1 | 0.93 | — | — |")
        .contains("2001 records")
        .contains("`route/freeze_card` 120 records at precision 1");
  }

  @Test
  void no_folder_or_no_file_renders_nothing() throws Exception {
    assertThat(DecisionQualitySection.render(folder.resolve("none"))).isEmpty();
    assertThat(DecisionQualitySection.render(folder)).isEmpty();
  }
}
