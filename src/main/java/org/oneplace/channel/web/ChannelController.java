package org.oneplace.channel.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.channel.ChannelAdmin;
import org.oneplace.channel.ChannelView;
import org.oneplace.channel.CreateChannel;
import org.oneplace.channel.UpdateChannel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/channels")
@Tag(name = "Channels")
class ChannelController {

    private final ChannelAdmin channels;

    ChannelController(ChannelAdmin channels) {
        this.channels = channels;
    }

    @PostMapping
    @Operation(
            summary = "Connect a channel account {type, name, settings}; secrets in the settings are write-only"
                    + " (needs channels:manage)")
    ResponseEntity<ChannelView> create(@Valid @RequestBody CreateChannel command) {
        ChannelView view = channels.create(command);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/channels/" + view.id())
                .body(view);
    }

    @GetMapping
    @Operation(summary = "The connected channel accounts, without their secrets")
    Map<String, List<ChannelView>> list() {
        return Map.of("items", channels.list());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One channel account, without its secrets")
    ChannelView channel(@PathVariable UUID id) {
        return channels.channel(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Rename an account or change settings, e.g. rotate a secret (needs channels:manage)")
    ChannelView update(@PathVariable UUID id, @Valid @RequestBody UpdateChannel command) {
        return channels.update(id, command);
    }
}
