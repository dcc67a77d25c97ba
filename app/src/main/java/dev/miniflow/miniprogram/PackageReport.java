package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import java.util.List;

/**
 * What the inspection found in a valid package; shown to reviewers.
 *
 * @param capabilities the sensitive capabilities (JSAPIs) app.json says the package uses
 * @param requestDomains the domains app.json says it calls, and {@code webViewDomains} those it shows
 */
@NamedInterface("api")
public record PackageReport(int files, long totalBytes, long mainBytes, List<String> pages,
    List<String> subPackageRoots, String appName, List<String> capabilities, List<String> requestDomains,
    List<String> webViewDomains) {}
