package dev.miniflow.suites;

import dev.miniflow.testing.EmbeddedMiniflowTest;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every other test class: plain unit tests, the path tests' engines, module tests, web slices and
 * the apps started in JVMs of their own (ordered by {@code SharedAppFirst}), beside {@link
 * SharedAppSuite}.
 */
@Suite
@SelectPackages("dev.miniflow")
@ExcludeTags(EmbeddedMiniflowTest.SHARED_APP)
public class StandaloneSuite {}
