package clnn;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The layers of docs/ARCHITECTURE.md, as a test: imports only point down.
 * <pre>
 *   cli, viz      commands and figures                 (cli sees only api, viz, data and the vocabulary)
 *   api           Sequential, FitOptions, ModelFiles, CheckpointFiles, Devices ... (package clnn)
 *   check         op case lists, parity runs            (clnn.check)
 *   train         the training loop                     (clnn.train)
 *   backend       Backend; cpu | opencl (which never see each other)
 *   data          data sets and file codecs             (clnn.data..)
 *   vocabulary    the value types every layer speaks: exceptions, Activation, Adam, Device, History,
 *                 Evaluation, TrainingState, OptimizerState, Fusion, and Text (messages made safe for a terminal); package
 *                 clnn, depending on nothing of clnn outside it
 * </pre>
 * The only exception is {@link Layer}'s sealed {@code permits} (Input, Dense), which the language
 * makes a dependency of the interface on its implementations.
 */
@AnalyzeClasses(packages = "clnn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final Set<String> VOCABULARY = Set.of("ClnnException", "DataException", "ModelException", "DeviceException",
            "TrainingDivergedException", "Activation", "Adam", "Device", "History", "Evaluation", "TrainingState", "Text", "Fusion",
            "OptimizerState");

    /** A top-level class of package clnn (or a class nested in one) whose name is in {@link #VOCABULARY}. */
    static boolean vocabulary(JavaClass c) {
        JavaClass top = c.getBaseComponentType();
        while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
        return top.getPackageName().equals("clnn") && VOCABULARY.contains(top.getSimpleName());
    }

    static final DescribedPredicate<JavaClass> VOCAB = DescribedPredicate.describe("the vocabulary", ArchitectureTest::vocabulary);
    static final DescribedPredicate<JavaClass> API = DescribedPredicate.describe("the api",
            c -> c.getPackageName().equals("clnn") && !vocabulary(c));

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("clnn.cli..")
            .layer("viz").definedBy("clnn.viz..")
            .layer("api").definedBy(API)
            .layer("check").definedBy("clnn.check..")
            .layer("train").definedBy("clnn.train..")
            .layer("backend").definedBy("clnn.backend..")
            .layer("data").definedBy("clnn.data..")
            .layer("vocabulary").definedBy(VOCAB)
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("viz").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("api").mayOnlyBeAccessedByLayers("cli", "viz")
            .whereLayer("check").mayOnlyBeAccessedByLayers("api")
            .whereLayer("train").mayOnlyBeAccessedByLayers("api", "check", "viz")
            .whereLayer("backend").mayOnlyBeAccessedByLayers("api", "check", "train")
            .whereLayer("data").mayOnlyBeAccessedByLayers("cli", "viz", "api", "check", "train", "backend")
            .whereLayer("vocabulary").mayOnlyBeAccessedByLayers("cli", "viz", "api", "check", "train", "backend", "data")
            .ignoreDependency(DescribedPredicate.describe("Layer", c -> c.getName().equals("clnn.Layer")),
                    DescribedPredicate.describe("its permitted subclasses", c -> c.getName().equals("clnn.Input")
                            || c.getName().equals("clnn.Dense")));

    @ArchTest
    static final ArchRule cpuAndOpenClNeverSeeEachOther = noClasses().that().resideInAPackage("clnn.backend.cpu..")
            .should().dependOnClassesThat().resideInAPackage("clnn.backend.opencl..")
            .andShould().dependOnClassesThat().resideInAPackage("clnn.backend.opencl..");

    @ArchTest
    static final ArchRule openClNeverSeesCpu = noClasses().that().resideInAPackage("clnn.backend.opencl..")
            .should().dependOnClassesThat().resideInAPackage("clnn.backend.cpu..");

    @ArchTest
    static final ArchRule vocabularyDependsOnNothingOfClnn = noClasses().that(VOCAB)
            .should().dependOnClassesThat(DescribedPredicate.describe("clnn classes outside the vocabulary",
                    c -> c.getPackageName().startsWith("clnn") && !vocabulary(c)));
}
