package org.oneplace.inventory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Records {@link BackInStock} as a consuming module would receive it (after commit, from the publication log). */
@Component
public class BackInStockRecorder {

    private final List<BackInStock> received = new CopyOnWriteArrayList<>();

    @ApplicationModuleListener
    void on(BackInStock event) {
        received.add(event);
    }

    public List<BackInStock> received(String sku) {
        return received.stream().filter(e -> e.sku().equals(sku)).toList();
    }
}
