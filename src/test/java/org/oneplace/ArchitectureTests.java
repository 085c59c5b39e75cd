package org.oneplace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.event.TransactionalEventListener;
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

    /**
     * One way to listen: a module reacts to another module's events after their commit, in its own transaction and
     * durably ({@code @ApplicationModuleListener}), so that its failure never rolls back the other module's work. The
     * one exception is a customer merge or unmerge, whose data moves must be atomic with it. A listener inside the
     * publisher's transaction ({@code @EventListener}, or a bare {@code @TransactionalEventListener}) may only hear
     * its own module's events.
     */
    @Test
    void modulesHearEachOtherAfterTheCommit() {
        methods()
                .that()
                .areAnnotatedWith(EventListener.class)
                .or()
                .areAnnotatedWith(TransactionalEventListener.class)
                .should(new ArchCondition<JavaMethod>("hear only their own module's events, or a customer merge") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        for (JavaClass type : method.getRawParameterTypes()) {
                            String module = module(type.getPackageName());
                            if (module == null
                                    || module.equals(module(method.getOwner().getPackageName()))
                                    || Set.of("CustomersMerged", "CustomersUnmerged")
                                            .contains(type.getSimpleName())) {
                                continue;
                            }
                            events.add(SimpleConditionEvent.violated(
                                    method,
                                    method.getFullName() + " hears " + type.getName()
                                            + " inside its publisher's transaction; use @ApplicationModuleListener"));
                        }
                    }
                })
                .because("a module's failure must not roll back another module's work")
                .check(CLASSES);
    }

    private static @Nullable String module(String packageName) {
        if (!packageName.startsWith("org.oneplace.")) {
            return null;
        }
        String rest = packageName.substring("org.oneplace.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
