package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.BrowserTest;
import org.oneplace.Commerce;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Store section in a real browser, signed in as an associate: look a customer up by phone and see their cart,
 * what they viewed online with the size, and their orders; ring up a sale at the till; get a pickup ready and hand it
 * over with the code; take a return at the desk.
 */
class StoreConsoleTests extends BrowserTest {

    @Test
    void anAssociateServesACustomerAtTheStore() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String marker = UUID.randomUUID().toString().substring(0, 6);
        String email = "associate-" + marker + "@staff.example.com";
        String password = "a long associate password " + marker;
        Api.Answer user = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", email, "displayName", "Sam", "roles", List.of("ASSOCIATE"), "password", password));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        String storeName = "Console Store " + marker;
        String store = shop.location(storeName, 52.5, 13.4, true);
        String jacketM = Commerce.unique("TJ-M");
        shop.product("Trail Jacket " + marker, 12900, "EUR", Map.of(jacketM, "M"));
        String gloves = shop.sku("Gloves " + marker, 2900);
        shop.stock(jacketM, store, 3);
        shop.stock(gloves, store, 4);

        // a customer who browsed online, left the jacket in the cart, and ordered gloves for pickup here
        String device = "web-" + UUID.randomUUID();
        String phone = "+1 415 555 " + String.format("%04d", (int) (Math.random() * 10000));
        api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of("anonymousId", device, "traits", Map.of("name", "Kim " + marker, "phone", phone)));
        api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        device,
                        "event",
                        "Product Viewed",
                        "properties",
                        Map.of("sku", jacketM, "name", "Trail Jacket " + marker, "variant", "M")));
        String customer = customerId("anonymous_id", device);
        api.post("/api/v1/customers/" + customer + "/cart/lines", ADMIN_TOKEN, Map.of("sku", jacketM, "quantity", 1));
        Map<String, Object> pickup = new LinkedHashMap<>();
        pickup.put("customerId", customer);
        pickup.put("channel", "web");
        pickup.put("fulfilment", Commerce.fulfilment("pickup", store));
        pickup.put("lines", List.of(Commerce.line(gloves, 1)));
        Api.Answer pickupOrder = shop.order(UUID.randomUUID().toString(), pickup);
        assertThat(pickupOrder.status()).as(pickupOrder.toString()).isEqualTo(201);
        String pickupId = pickupOrder.json().path("id").asString();

        open("/store");
        signIn(email, password);
        WebElement pick = browser.findElement(By.id("pick-store"));
        pick.findElement(By.cssSelector("option[value='" + store + "']")).click();
        submit(pick.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text("h1")).contains(storeName);

        // look the customer up by phone: the cart with the size, what was viewed, the pickup order
        WebElement lookup = browser.findElement(By.cssSelector("#lookup form"));
        lookup.findElement(By.name("q")).sendKeys(phone);
        submit(lookup.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text("main")).contains("Kim " + marker);
        WebElement cartLine = browser.findElement(By.cssSelector("#cart tr[data-sku='" + jacketM + "']"));
        assertThat(cartLine.getText())
                .contains("Trail Jacket " + marker)
                .contains("M")
                .contains("129.00 EUR");
        assertThat(text("#viewed")).contains("Viewed product Trail Jacket " + marker + " (M)");
        assertThat(text("#orders")).contains("Gloves " + marker);

        // ring the jacket up at the till: the store's stock drops, the jacket leaves the cart
        WebElement till = browser.findElement(By.id("till"));
        till.findElement(By.name("sku")).sendKeys(jacketM);
        submit(till.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("Sold: 1 × " + jacketM);
        assertThat(text("#customer")).contains("The cart is empty.");
        assertThat(shop.level(jacketM, store).path("onHand").asInt()).isEqualTo(2);

        // the pickup: ready (a code is made), then handed over with that code
        WebElement waiting = browser.findElement(By.cssSelector("#pickups tr[data-id='" + pickupId + "']"));
        submit(waiting.findElement(By.cssSelector("button.ready")));
        String notice = text(".notice");
        assertThat(notice).contains("is ready; pickup code");
        String code = notice.replaceAll(".*pickup code (\\d{6}).*", "$1");
        WebElement ready = browser.findElement(By.cssSelector("#pickups tr[data-id='" + pickupId + "']"));
        assertThat(ready.getAttribute("data-status")).isEqualTo("ready");
        ready.findElement(By.name("code")).sendKeys(code);
        submit(ready.findElement(By.cssSelector("button.handover")));
        assertThat(text(".notice")).contains("handed over");
        assertThat(api.get("/api/v1/orders/" + pickupId, ADMIN_TOKEN)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("collected");

        // the returns desk: the jacket comes back here; more than was bought is refused with the reason
        open("/store?location=" + store + "&customer=" + customer);
        WebElement desk = browser.findElement(By.id("return"));
        desk.findElement(By.name("sku")).sendKeys(jacketM);
        desk.findElement(By.name("quantity")).clear();
        desk.findElement(By.name("quantity")).sendKeys("2");
        submit(desk.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".error")).contains("cannot return 2 of '" + jacketM + "': 1 were purchased");
        desk = browser.findElement(By.id("return"));
        desk.findElement(By.name("sku")).sendKeys(jacketM);
        submit(desk.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("Return received: 1 × " + jacketM).contains("refund 129.00 EUR");
        assertThat(shop.level(jacketM, store).path("onHand").asInt()).isEqualTo(3);
    }
}
