package dev.miniflow.miniprogram;

import java.util.List;

/** What the inspection found in a valid package; shown to reviewers. */
public record PackageReport(int files, long totalBytes, long mainBytes, List<String> pages,
    List<String> subPackageRoots, String appName) {}
