package org.oneplace.channel.internal;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.ChannelException;
import org.oneplace.shared.ChannelType;
import org.springframework.stereotype.Component;

/** The adapters this installation has, one per kind of channel. */
@Component
public class Adapters {

    private final Map<ChannelType, ChannelAdapter> byType = new EnumMap<>(ChannelType.class);

    Adapters(List<ChannelAdapter> adapters) {
        adapters.forEach(a -> {
            if (byType.put(a.type(), a) != null) {
                throw new IllegalStateException("Two adapters for " + a.type());
            }
        });
    }

    /** The adapter of a kind; a 400 naming the kinds there are when this installation cannot connect it. */
    public ChannelAdapter of(ChannelType type) {
        ChannelAdapter adapter = byType.get(type);
        if (adapter == null) {
            throw ChannelException.invalid("'" + type.code() + "' channels cannot be connected; use one of "
                    + byType.keySet().stream().map(ChannelType::code).toList() + ".");
        }
        return adapter;
    }

    public Set<ChannelType> types() {
        return byType.keySet();
    }

    public Collection<ChannelAdapter> all() {
        return byType.values();
    }
}
