package org.oneplace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** House rules of CONVENTIONS.md that the compiler does not check. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.oneplace");

    @Test
    void timeIsJavaTimeNeverJavaUtilDate() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(java.util.Date.class)
                .because("time is Instant/LocalDate (java.sql.Timestamp is a java.util.Date too)")
                .check(CLASSES);
    }

    @Test
    void sqlLivesInRepositories() {
        noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Repository")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(JdbcClient.class)
                .because("SQL lives in *Repository classes next to the method that runs it")
                .check(CLASSES);
    }

    @Test
    void noGrabBagPackagesOrClasses() {
        noClasses()
                .should()
                .resideInAnyPackage("..util..", "..utils..", "..helper..", "..helpers..", "..common..", "..misc..")
                .orShould()
                .haveSimpleNameEndingWith("Util")
                .orShould()
                .haveSimpleNameEndingWith("Utils")
                .orShould()
                .haveSimpleNameEndingWith("Helper")
                .orShould()
                .haveSimpleNameEndingWith("Manager")
                .because("a helper lives beside its only caller")
                .check(CLASSES);
    }

    @Test
    void controllersLiveInWebPackages() {
        noClasses()
                .that()
                .areAnnotatedWith(Controller.class)
                .or()
                .areAnnotatedWith(RestController.class)
                .should()
                .resideOutsideOfPackage("..web..")
                .because("a module's web layer is its web subpackage")
                .check(CLASSES);
    }

    @Test
    void sharedHoldsNoBeans() {
        noClasses()
                .that()
                .resideInAPackage("org.oneplace.shared..")
                .should()
                .beAnnotatedWith(org.springframework.stereotype.Component.class)
                .orShould()
                .beMetaAnnotatedWith(org.springframework.stereotype.Component.class)
                .because("shared is value types only")
                .check(CLASSES);
    }
}
