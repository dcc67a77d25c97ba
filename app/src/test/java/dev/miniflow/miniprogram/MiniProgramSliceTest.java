package dev.miniflow.miniprogram;

import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.util.unit.DataSize;

/** The mini program pages and API (profiles, logos, versions and their packages) over mocked services. */
@WebSlice({MiniProgramApi.class, MiniProgramPages.class})
class MiniProgramSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a};
  static final String REPORT = "{\"files\": 3, \"totalBytes\": 900, \"mainBytes\": 400,"
      + " \"pages\": [\"pages/index\", \"pages/cart\"], \"subPackageRoots\": [], \"appName\": \"Shop\"}";

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  /** What the servlet container enforces on multipart bodies (MockMvc parses none itself). */
  @Value("${spring.servlet.multipart.max-file-size}") DataSize maxFileSize;
  @Value("${spring.servlet.multipart.max-request-size}") DataSize maxRequestSize;
  @MockitoBean MiniProgramService service;
  @MockitoBean MiniProgramProfiles profiles;
  @MockitoBean VersionPackages versionPackages;
  @MockitoBean WorkspaceService workspaces;
  @MockitoBean AccessPolicy policy;

  static MiniProgram shop(byte[] logo) {
    return new MiniProgram(3L, 1L, "Shop", "A shop", "retail", "dev", AT, "en", logo, logo == null ? null : 48,
        logo == null ? null : 48);
  }

  static AppVersion version(long id, String number) {
    return new AppVersion(id, 3L, number, "store/secret-file.zip", 4242L, 2048, "ab".repeat(32), REPORT, "dev", AT);
  }

  @BeforeEach
  void names() {
    when(workspaces.workspaceName(1L)).thenReturn("Demo");
    when(service.get(3L)).thenReturn(shop(PNG));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("dev", WebSlice.PASSWORD)));
  }

  private ResultActions api(MockHttpServletRequestBuilder request, String json) throws Exception {
    return api(request.contentType(MediaType.APPLICATION_JSON).content(json.replace('\'', '"')));
  }

  private ResultActions page(MockHttpServletRequestBuilder request, String user) throws Exception {
    return mvc.perform(request.with(user(user)).with(csrf()));
  }

  static MockMultipartFile zip(int bytes) {
    return new MockMultipartFile("package", "shop.zip", "application/zip", new byte[bytes]);
  }

  // --- API ---

  @Test
  void aMiniProgramIsAnsweredWithoutItsLogoBytes() throws Exception {
    when(service.ofWorkspace(1L)).thenReturn(List.of(shop(PNG)));
    api(get("/api/v1/mini-programs/3"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(3))
        .andExpect(jsonPath("$.workspaceId").value(1))
        .andExpect(jsonPath("$.name").value("Shop"))
        .andExpect(jsonPath("$.description").value("A shop"))
        .andExpect(jsonPath("$.category").value("retail"))
        .andExpect(jsonPath("$.createdBy").value("dev"))
        .andExpect(jsonPath("$.createdAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$.defaultLanguage").value("en"))
        .andExpect(jsonPath("$.logoWidth").value(48))
        .andExpect(jsonPath("$.logoHeight").value(48))
        .andExpect(jsonPath("$.logo").doesNotExist());
    api(get("/api/v1/workspaces/1/mini-programs")).andExpect(jsonPath("$[0].name").value("Shop"));
    when(service.get(4L)).thenThrow(Problems.notFound("Mini program 4"));
    api(get("/api/v1/mini-programs/4"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Mini program 4 was not found."));
    mvc.perform(get("/api/v1/mini-programs/3")).andExpect(status().isUnauthorized());
  }

  @Test
  void createAndProfileChangesAreCheckedBeforeTheService() throws Exception {
    when(profiles.create(1L, "Shop", "A shop", null)).thenReturn(shop(null));
    api(post("/api/v1/workspaces/1/mini-programs"), "{'name': 'Shop', 'description': 'A shop'}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/mini-programs/3"))
        .andExpect(jsonPath("$.logoWidth").doesNotExist());
    api(post("/api/v1/workspaces/1/mini-programs"), "{'name': ' '}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'name': must not be blank"));
    api(post("/api/v1/workspaces/1/mini-programs"), "{'name': '" + "n".repeat(65) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'name': size must be between 0 and 64"));
    api(patch("/api/v1/mini-programs/3"), "{'defaultLanguage': '" + "l".repeat(36) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'defaultLanguage': size must be between 0 and 35"));
    when(profiles.create(1L, "Taken", null, null))
        .thenThrow(Problems.conflict("A mini program named Taken exists in this workspace."));
    api(post("/api/v1/workspaces/1/mini-programs"), "{'name': 'Taken'}").andExpect(
        problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "A mini program named Taken exists in this workspace."));
    when(profiles.updateProfile(3L, "New", null, "de")).thenReturn(shop(null));
    api(patch("/api/v1/mini-programs/3"), "{'description': 'New', 'defaultLanguage': 'de'}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(3));
    verify(profiles).create(1L, "Shop", "A shop", null);
    verify(profiles, never()).create(eq(1L), eq(" "), any(), any());
  }

  @Test
  void versionsAreAnsweredWithoutWhereTheirPackageIsStored() throws Exception {
    when(service.versions(3L)).thenReturn(List.of(version(8L, "1.2.0")));
    when(service.version(8L)).thenReturn(version(8L, "1.2.0"));
    api(get("/api/v1/mini-programs/3/versions"))
        .andExpect(jsonPath("$[0].id").value(8))
        .andExpect(jsonPath("$[0].miniProgramId").value(3))
        .andExpect(jsonPath("$[0].version").value("1.2.0"))
        .andExpect(jsonPath("$[0].packageBytes").value(2048))
        .andExpect(jsonPath("$[0].sha256").value("ab".repeat(32)))
        .andExpect(jsonPath("$[0].uploadedBy").value("dev"))
        .andExpect(jsonPath("$[0].uploadedAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$[0].packageFile").doesNotExist())
        .andExpect(jsonPath("$[0].packageOid").doesNotExist());
    api(get("/api/v1/versions/8")).andExpect(jsonPath("$.report").value(REPORT));
    when(service.version(9L)).thenThrow(Problems.notFound("Version 9"));
    api(get("/api/v1/versions/9/package"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Version 9 was not found."));
    verifyNoInteractions(versionPackages);
  }

  @Test
  void anUploadIsAMultipartPackage() throws Exception {
    when(versionPackages.upload(eq(3L), eq("1.2.0"), any(InputStream.class))).thenReturn(version(8L, "1.2.0"));
    api(multipart("/api/v1/mini-programs/3/versions").file(zip(300 * 1024)).param("version", "1.2.0"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/versions/8"))
        .andExpect(jsonPath("$.version").value("1.2.0"))
        .andExpect(jsonPath("$.packageFile").doesNotExist());
    ArgumentCaptor<InputStream> body = ArgumentCaptor.forClass(InputStream.class);
    verify(versionPackages).upload(eq(3L), eq("1.2.0"), body.capture());
    // past the 256 KB of JSON bodies: packages keep the multipart limits
    assertThat(maxFileSize).isEqualTo(DataSize.ofMegabytes(31));
    assertThat(maxRequestSize).isEqualTo(DataSize.ofMegabytes(32));
  }

  @Test
  void anUploadWithoutAPackageReachesNoService() throws Exception {
    api(multipart("/api/v1/mini-programs/3/versions").file(zip(0)).param("version", "1.2.0")).andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "The package file is empty."));
    api(multipart("/api/v1/mini-programs/3/versions").param("version", "1.2.0"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    api(post("/api/v1/mini-programs/3/versions"), "{'version': '1.2.0'}")
        .andExpect(status().isUnsupportedMediaType());
    verifyNoInteractions(versionPackages);
  }

  @Test
  void aPackageTheInspectorRefusesIsTheAnswer() throws Exception {
    when(versionPackages.upload(eq(3L), eq("1.2.0"), any(InputStream.class))).thenThrow(
        Problems.unprocessable("Invalid package", "app.json is missing.", "invalid-package"));
    when(versionPackages.upload(eq(3L), eq("1.0.0"), any(InputStream.class))).thenThrow(
        Problems.conflict("Version 1.0.0 is not greater than 1.2.0."));
    api(multipart("/api/v1/mini-programs/3/versions").file(zip(10)).param("version", "1.2.0")).andExpect(
        problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-package", "Invalid package", "app.json is missing."));
    api(multipart("/api/v1/mini-programs/3/versions").file(zip(10)).param("version", "1.0.0")).andExpect(
        problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "Version 1.0.0 is not greater than 1.2.0."));
  }

  @Test
  void aLogoIsPutAsMultipart() throws Exception {
    when(profiles.setLogo(eq(3L), any(InputStream.class))).thenReturn(shop(PNG));
    api(multipart(HttpMethod.PUT, "/api/v1/mini-programs/3/logo")
        .file(new MockMultipartFile("logo", "logo.png", "image/png", PNG)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.logoWidth").value(48))
        .andExpect(jsonPath("$.logo").doesNotExist());
    when(profiles.setLogo(eq(4L), any(InputStream.class)))
        .thenThrow(Problems.invalid("The logo must be a PNG or JPEG image."));
    api(multipart(HttpMethod.PUT, "/api/v1/mini-programs/4/logo")
        .file(new MockMultipartFile("logo", "logo.gif", "image/gif", new byte[] {'G', 'I', 'F'})))
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "The logo must be a PNG or JPEG image."));
  }

  // --- pages ---

  @Test
  void theListOffersCreateToDevelopersAndAdmins() throws Exception {
    when(service.ofWorkspace(1L)).thenReturn(List.of(shop(null)));
    when(access.rolesOf("dev", 1L)).thenReturn(Set.of(Role.DEVELOPER));
    when(access.rolesOf("rev", 1L)).thenReturn(Set.of(Role.REVIEWER));
    mvc.perform(get("/workspaces/1/mini-programs").with(user("dev")))
        .andExpect(view().name("miniprogram/list"))
        .andExpect(model().attribute("canCreate", true))
        .andExpect(content().string(allOf(containsString("Mini programs <small class=\"text-muted\">Demo</small>"),
            containsString("href=\"/mini-programs/3\""), containsString("id=\"create\""))));
    mvc.perform(get("/workspaces/1/mini-programs").with(user("rev")))
        .andExpect(model().attribute("canCreate", false))
        .andExpect(content().string(allOf(containsString("A shop"), not(containsString("id=\"create\"")))));
    mvc.perform(get("/workspaces/1/mini-programs")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void theDetailShowsVersionsWithTheirReportAndOffersUploadByScope() throws Exception {
    when(service.versions(3L)).thenReturn(List.of(version(8L, "1.2.0"),
        new AppVersion(7L, 3L, "1.1.0", null, null, 10, "cd".repeat(32), "not json", "dev", AT)));
    when(policy.has(1L, 3L, Scope.UPLOAD)).thenReturn(true);
    when(policy.has(1L, 3L, Scope.RELEASE)).thenReturn(false);
    mvc.perform(get("/mini-programs/3").with(user("dev")))
        .andExpect(view().name("miniprogram/detail"))
        .andExpect(model().attribute("canUpload", true))
        .andExpect(content().string(allOf(containsString("2.0 KB"), containsString("· 3 files"),
            containsString("pages/index, pages/cart"), containsString("1.1.0"), containsString("id=\"upload\""),
            containsString("src=\"/mini-programs/3/logo\""), not(containsString("Request release")))));
    when(policy.has(1L, 3L, Scope.UPLOAD)).thenReturn(false);
    when(policy.has(1L, 3L, Scope.RELEASE)).thenReturn(true);
    mvc.perform(get("/mini-programs/3").with(user("rel")))
        .andExpect(content().string(allOf(containsString("href=\"/releases/new?versionId=8\""),
            not(containsString("id=\"upload\"")))));
    when(service.get(4L)).thenThrow(Problems.notFound("Mini program 4"));
    mvc.perform(get("/mini-programs/4").with(user("dev")))
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("Mini program 4 was not found.")));
  }

  @Test
  void theLogoIsServedWithItsTypeAndNeverSniffed() throws Exception {
    mvc.perform(get("/mini-programs/3/logo").with(user("dev")))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.IMAGE_PNG))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(content().bytes(PNG));
    when(service.get(5L)).thenReturn(shop(null));
    mvc.perform(get("/mini-programs/5/logo").with(user("dev"))).andExpect(status().isNotFound());
  }

  @Test
  void pageActionsNeedTheCsrfToken() throws Exception {
    mvc.perform(post("/workspaces/1/mini-programs").param("name", "Shop").with(user("dev")))
        .andExpect(status().isForbidden());
    mvc.perform(multipart("/mini-programs/3/versions").file(zip(10)).param("version", "1.2.0").with(user("dev")))
        .andExpect(status().isForbidden());
    mvc.perform(post("/mini-programs/3/profile").param("description", "x").with(user("dev")))
        .andExpect(status().isForbidden());
    mvc.perform(multipart("/mini-programs/3/logo").file(new MockMultipartFile("logo", PNG)).with(user("dev")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(profiles, versionPackages);
  }

  @Test
  void createFromThePageGoesToTheNewMiniProgramOrBackWithTheProblem() throws Exception {
    when(profiles.create(1L, "Shop", "", "")).thenReturn(shop(null));
    when(profiles.create(1L, "", "", "")).thenThrow(Problems.invalid("A mini program needs a name."));
    page(post("/workspaces/1/mini-programs").param("name", "Shop"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("success", "Mini program Shop created."));
    page(post("/workspaces/1/mini-programs").param("name", ""), "dev")
        .andExpect(redirectedUrl("/workspaces/1/mini-programs"))
        .andExpect(flash().attribute("error", "A mini program needs a name."));
  }

  @Test
  void uploadsFromThePageComeBackWithAMessage() throws Exception {
    when(versionPackages.upload(eq(3L), eq("1.2.0"), any(InputStream.class))).thenReturn(version(8L, "1.2.0"));
    when(versionPackages.upload(eq(3L), eq("0.1"), any(InputStream.class))).thenThrow(
        Problems.unprocessable("Invalid package", "app.json is missing.", "invalid-package"));
    page(multipart("/mini-programs/3/versions").file(zip(10)).param("version", "1.2.0"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("success", "Version 1.2.0 uploaded and checked."));
    page(multipart("/mini-programs/3/versions").file(zip(10)).param("version", "0.1"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("error", "app.json is missing."));
    page(multipart("/mini-programs/3/versions").file(zip(0)).param("version", "2.0.0"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("error", "Choose a package (.zip) to upload."));
    verify(versionPackages, never()).upload(anyLong(), eq("2.0.0"), any());
  }

  @Test
  void listingAndLogoFromThePage() throws Exception {
    when(profiles.setLogo(eq(3L), any(InputStream.class))).thenReturn(shop(PNG));
    page(post("/mini-programs/3/profile").param("description", "New").param("defaultLanguage", "de"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("success", "Listing saved."));
    verify(profiles).updateProfile(3L, "New", null, "de");
    page(multipart("/mini-programs/3/logo").file(new MockMultipartFile("logo", "l.png", "image/png", PNG)), "dev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("success", "Logo saved."));
    when(profiles.updateProfile(anyLong(), anyString(), any(), anyString()))
        .thenThrow(Problems.forbidden("This needs the upload scope on this mini program."));
    page(post("/mini-programs/3/profile").param("description", "Other"), "rev")
        .andExpect(redirectedUrl("/mini-programs/3"))
        .andExpect(flash().attribute("error", "This needs the upload scope on this mini program."));
  }
}
