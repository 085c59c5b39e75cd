package org.oneplace.console.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.ImportKind;
import org.oneplace.integration.ImportService;
import org.oneplace.integration.ImportStatus;
import org.oneplace.integration.ImportView;
import org.oneplace.platform.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Imports: bring a file of customers or orders in (the browser streams it as the request body, so a large
 * file is never a form post held in memory), follow the imports with progress bars that refresh while one runs,
 * cancel, resume and forget them, and read the rows an import refused with their lines and reasons.
 */
@Controller
@RequestMapping("/settings/imports")
class ImportConsoleController {

    private final ImportService imports;

    ImportConsoleController(ImportService imports) {
        this.imports = imports;
    }

    @GetMapping
    String imports(Model model) {
        table(model);
        model.addAttribute("kinds", ImportKind.values());
        return "settings/imports";
    }

    /** The table alone, which the page fetches again every two seconds while an import runs. */
    @GetMapping("/table")
    String table(Model model) {
        var list = imports.list(null, 50).items();
        model.addAttribute("imports", list);
        model.addAttribute(
                "busy",
                list.stream().anyMatch(i -> i.status() == ImportStatus.QUEUED || i.status() == ImportStatus.RUNNING));
        return "settings/imports :: table";
    }

    /** The file as the request body (see imports.js); answers where the import's page is. */
    @PostMapping("/upload")
    @ResponseBody
    ResponseEntity<Map<String, String>> upload(
            @RequestParam String kind,
            @RequestParam(required = false) @Nullable String fileName,
            HttpServletRequest request)
            throws IOException {
        try {
            String format = ImportService.format(null, request.getContentType(), fileName);
            ImportView started = imports.start(ImportKind.parse(kind), format, fileName, request.getInputStream());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("location", "/settings/imports/" + started.id()));
        } catch (DomainException | IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    @GetMapping("/{id}")
    String details(@PathVariable UUID id, Model model) {
        ImportView view = imports.view(id);
        model.addAttribute("i", view);
        model.addAttribute("rejects", imports.rejects(id, null, 500).items());
        model.addAttribute("busy", view.status() == ImportStatus.QUEUED || view.status() == ImportStatus.RUNNING);
        return "settings/import";
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable UUID id, RedirectAttributes redirect) {
        return act(id, redirect, () -> imports.cancel(id), "Stopping after the batch being written; resume it later.");
    }

    @PostMapping("/{id}/resume")
    String resume(@PathVariable UUID id, RedirectAttributes redirect) {
        return act(id, redirect, () -> imports.resume(id), "Going on after the last batch written.");
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            imports.delete(id);
            redirect.addFlashAttribute("notice", "Forgot the import; the customers and orders it brought in stay.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/imports";
    }

    private static String act(UUID id, RedirectAttributes redirect, Runnable action, String notice) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/imports/" + id;
    }
}
