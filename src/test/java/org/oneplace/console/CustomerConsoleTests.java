package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** The Customers section in a real browser: search, the customer 360 with "why linked", merge and undo. */
class CustomerConsoleTests extends BrowserTest {

    @Test
    void aSupervisorFindsACustomerSeesWhyEachIdentifierBelongsAndMergesThenUndoes() {
        String marker = UUID.randomUUID().toString().substring(0, 6);
        String laptop = "laptop-" + UUID.randomUUID();
        String till = "till-" + UUID.randomUUID();
        api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of("anonymousId", laptop, "traits", Map.of("name", "Jo Walker " + marker, "city", "Oslo")));
        api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        laptop,
                        "event",
                        "Product Viewed",
                        "properties",
                        Map.of("name", "Trail Jacket", "variant", "M")));
        api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of("anonymousId", till, "traits", Map.of("name", "J. Walker " + marker)));
        api.segment("/v1/page", WRITE_KEY, Map.of("anonymousId", till, "name", "Store finder"));
        String jo = customerId("anonymous_id", laptop);
        String other = customerId("anonymous_id", till);

        open("/customers");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        assertThat(browser.getCurrentUrl()).contains("/customers");
        WebElement search = browser.findElement(By.id("search"));
        search.findElement(By.name("q")).sendKeys(marker);
        submit(search.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text("#results")).contains("Jo Walker " + marker).contains("J. Walker " + marker);

        browser.findElement(By.linkText("Jo Walker " + marker)).click();
        assertThat(text("#customer-id")).isEqualTo(jo);
        WebElement identifier = browser.findElement(By.cssSelector("#identifiers tr[data-value='" + laptop + "']"));
        assertThat(identifier.findElement(By.className("why")).getText())
                .contains("joined customer " + jo)
                .contains("tracking:web")
                .contains("created this customer");
        assertThat(text("#traits")).contains("Oslo");
        assertThat(text("#timeline"))
                .contains("Viewed product Trail Jacket (M)")
                .contains("🌐");

        WebElement merge = browser.findElement(By.id("merge"));
        merge.findElement(By.name("otherId")).sendKeys(other);
        merge.findElement(By.name("reason")).sendKeys("same person, confirmed at the till");
        submit(merge.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("Merged customer " + other);
        assertThat(text("#identifiers")).contains(till);
        assertThat(text("#timeline")).contains("Viewed page Store finder");
        assertThat(browser.findElement(By.cssSelector("#identifiers tr[data-value='" + till + "'] .why"))
                        .getText())
                .contains("came to this customer with merge")
                .contains("same person, confirmed at the till");

        // the merged-away customer's page now shows the survivor
        open("/customers/" + other);
        assertThat(text("#customer-id")).isEqualTo(jo);

        submit(browser.findElement(By.cssSelector("#merges tr[data-merged='" + other + "'] button.danger")));
        assertThat(text(".notice")).contains("is on its own again");
        assertThat(text("#identifiers")).doesNotContain(till);
        assertThat(text("#timeline")).doesNotContain("Store finder");
        open("/customers/" + other);
        assertThat(text("#customer-id")).isEqualTo(other);
    }

    @Test
    void markupInCustomerDataIsShownAsTextNeverRun() {
        String device = "xss-" + UUID.randomUUID();
        String name = "<img src=x onerror=alert(1)>\"><svg onload=alert(2)>";
        api.segment("/v1/identify", WRITE_KEY, Map.of("anonymousId", device, "traits", Map.of("name", name)));
        api.segment("/v1/page", WRITE_KEY, Map.of("anonymousId", device, "name", "<script>alert(3)</script>"));

        open("/customers/" + customerId("anonymous_id", device));
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        assertThat(text("#name")).isEqualTo(name);
        assertThat(text("#timeline")).contains("Viewed page <script>alert(3)</script>");
        assertThat(browser.findElements(By.cssSelector("main img, main svg, main script")))
                .isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert())
                .as("no dialog opened")
                .isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void anAgentSeesCustomersButCannotMerge() {
        String agent = "agent-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of(
                        "email",
                        agent,
                        "displayName",
                        "Sam",
                        "roles",
                        List.of("AGENT"),
                        "password",
                        "agent password 789"));
        String device = "agent-view-" + UUID.randomUUID();
        api.segment("/v1/identify", WRITE_KEY, Map.of("anonymousId", device, "traits", Map.of("name", "Visible")));

        open("/customers/" + customerId("anonymous_id", device));
        signIn(agent, "agent password 789");
        assertThat(text("#name")).isEqualTo("Visible");
        assertThat(browser.findElements(By.id("merge"))).isEmpty();
    }
}
