package dev.miniflow.suites;

import dev.miniflow.testing.EmbeddedMiniflowTest;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The test classes on the shared embedded app ({@code EmbeddedMiniflowTest}): one context, started
 * once, in one Surefire fork while {@link StandaloneSuite} runs in the other.
 */
@Suite
@SelectPackages("dev.miniflow")
@IncludeTags(EmbeddedMiniflowTest.SHARED_APP)
public class SharedAppSuite {}
