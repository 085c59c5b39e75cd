package org.oneplace.channel;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.oneplace.channel.internal.Adapters;
import org.oneplace.channel.internal.ChannelAccounts;
import org.oneplace.channel.internal.ChannelRepository;
import org.oneplace.channel.internal.ChannelSettings;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * The channel accounts as people manage them: connect, change, list. Every method is authorised; other modules use
 * {@link Messaging} to send and never see secrets through here (views carry only the names of the secrets set).
 */
@Service
@Validated
@PreAuthorize("hasAnyAuthority('channels:manage', 'conversations:read')")
public class ChannelAdmin {

    private final Adapters adapters;
    private final ChannelSettings settings;
    private final ChannelRepository channels;
    private final ChannelAccounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    ChannelAdmin(
            Adapters adapters,
            ChannelSettings settings,
            ChannelRepository channels,
            ChannelAccounts accounts,
            AuditLog audit,
            Clock clock) {
        this.adapters = adapters;
        this.settings = settings;
        this.channels = channels;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('channels:manage')")
    @Transactional
    public ChannelView create(@Valid CreateChannel command) {
        ChannelAdapter adapter = adapters.of(command.type());
        Map<String, String> checked = settings.checked(adapter, Map.of(), command.settings());
        ChannelAccount account =
                new ChannelAccount(Uuid7.next(), command.type(), command.name().strip(), checked, clock.instant());
        if (!channels.insert(
                account, ChannelSettings.visible(adapter, checked), ChannelSettings.secret(adapter, checked))) {
            throw ChannelException.duplicate("There is already a "
                    + command.type().code() + " channel named '" + account.name() + "'; choose another name.");
        }
        accounts.changed();
        ChannelView view = view(account);
        audit.record("channel.created", "channel", account.id().toString(), null, view);
        return view;
    }

    @PreAuthorize("hasAuthority('channels:manage')")
    @Transactional
    public ChannelView update(UUID id, @Valid UpdateChannel command) {
        ChannelAccount before = channels.find(id).orElseThrow(() -> ChannelException.unknown(id));
        ChannelAdapter adapter = adapters.of(before.type());
        Map<String, String> after = command.settings() == null
                ? before.settings()
                : settings.checked(adapter, before.settings(), command.settings());
        if (command.settings() != null) {
            settings.secretsFollowDestination(adapter, before.settings(), after, command.settings());
        }
        String name = command.name() == null ? before.name() : command.name().strip();
        if (!channels.update(
                id,
                name,
                ChannelSettings.visible(adapter, after),
                ChannelSettings.secret(adapter, after),
                clock.instant())) {
            throw ChannelException.duplicate("There is already a "
                    + before.type().code() + " channel named '" + name + "'; choose another name.");
        }
        accounts.changed();
        ChannelView view = view(new ChannelAccount(id, before.type(), name, after, before.createdAt()));
        audit.record("channel.updated", "channel", id.toString(), view(before), view);
        return view;
    }

    @Transactional(readOnly = true)
    public List<ChannelView> list() {
        return channels.all().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public ChannelView channel(UUID id) {
        return accounts.find(id).map(this::view).orElseThrow(() -> ChannelException.unknown(id));
    }

    /** The kinds of channel this installation can connect. */
    public Set<ChannelType> types() {
        return adapters.types();
    }

    private ChannelView view(ChannelAccount account) {
        ChannelAdapter adapter = adapters.of(account.type());
        return new ChannelView(
                account.id(),
                account.type(),
                account.name(),
                ChannelSettings.visible(adapter, account.settings()),
                ChannelSettings.secret(adapter, account.settings()).keySet().stream()
                        .sorted()
                        .toList(),
                "/webhooks/" + adapter.webhookPath() + "/" + account.id(),
                account.createdAt());
    }
}
