package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import java.util.List;

/** What the inspection found in a valid package; shown to reviewers. */
@NamedInterface("api")
public record PackageReport(int files, long totalBytes, long mainBytes, List<String> pages,
    List<String> subPackageRoots, String appName) {}
