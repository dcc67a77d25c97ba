package dev.miniflow.promotion;

import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetAppKind;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Promotion and preview codes over mocked services: the developers' pages and API, and the public scanned pages. */
@WebSlice({PromotionPages.class, PromotionApi.class})
class PromotionSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");
  static final String LINK = "https://miniflow.example/q/abcd2345";
  static final String TOKEN = "7.5.1769941800.c2lnbmVk";

  @Autowired MockMvc mvc;
  @MockitoBean PromotionCodes codes;
  @MockitoBean PreviewCodes previews;
  @MockitoBean CodeLinks links;

  /** Code 21 of mini program 3 in target app 9, workspace 1. */
  static PromotionCode code(long id, String query) {
    return new PromotionCode(id, 1L, 3L, 9L, "abcd2345", "pages/index/index", query, "Spring sale", "M", 256, "dev",
        AT);
  }

  static PromotionCodes.NewPromotionCode request(String query, Integer size) {
    return new PromotionCodes.NewPromotionCode(9L, "pages/index/index", query, "Spring sale", "M", size);
  }

  @BeforeEach
  void links() {
    when(links.shortLink(any())).thenReturn(LINK);
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("dev", WebSlice.PASSWORD)));
  }

  private ResultActions api(MockHttpServletRequestBuilder request, String json) throws Exception {
    return api(request.contentType(MediaType.APPLICATION_JSON).content(json.replace('\'', '"')));
  }

  // --- API: promotion codes ---

  @Test
  void aNewCodeAnswersWithItsShortLinkAndImages() throws Exception {
    when(codes.create(3L, request("campaign=spring", 512))).thenReturn(code(21, "campaign=spring"));
    api(post("/api/v1/mini-programs/3/promotion-codes"), "{'targetAppId': 9, 'pagePath': 'pages/index/index',"
        + " 'query': 'campaign=spring', 'description': 'Spring sale', 'errorCorrection': 'M', 'size': 512}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/promotion-codes/21"))
        .andExpect(jsonPath("$.code.id").value(21))
        .andExpect(jsonPath("$.code.shortCode").value("abcd2345"))
        .andExpect(jsonPath("$.code.query").value("campaign=spring"))
        .andExpect(jsonPath("$.code.sizePx").value(256))
        .andExpect(jsonPath("$.code.createdAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$.shortLink").value(LINK))
        .andExpect(jsonPath("$.png").value("/api/v1/promotion-codes/21/qr.png"))
        .andExpect(jsonPath("$.svg").value("/api/v1/promotion-codes/21/qr.svg"));
  }

  @Test
  void aBodyOfTheWrongShapeReachesNoService() throws Exception {
    api(post("/api/v1/mini-programs/3/promotion-codes"), "{'targetAppId': 9, 'size': 'big'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'size': 'big' is not a whole number."));
    api(post("/api/v1/mini-programs/3/promotion-codes"), "[1]").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "The request body must be a JSON object."));
    api(post("/api/v1/mini-programs/3/promotion-codes")).andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "The request needs a JSON body."));
    api(post("/api/v1/mini-programs/3/promotion-codes").contentType(MediaType.TEXT_PLAIN).content("targetAppId=9"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    api(post("/api/v1/mini-programs/x/promotion-codes"), "{}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Parameter 'id': 'x' is not a whole number."));
    verifyNoInteractions(codes);
  }

  @Test
  void theServicesRefusalIsTheAnswer() throws Exception {
    when(codes.create(3L, request("a b", null))).thenThrow(Problems.invalid(
        "The query must be at most 64 characters of key=value pairs joined by '&' (it has 3)."));
    api(post("/api/v1/mini-programs/3/promotion-codes"), "{'targetAppId': 9, 'pagePath': 'pages/index/index',"
        + " 'query': 'a b', 'description': 'Spring sale', 'errorCorrection': 'M'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "The query must be at most 64 characters of key=value pairs joined by '&' (it has 3)."));
    when(codes.get(99L)).thenThrow(Problems.notFound("Promotion code 99"));
    api(get("/api/v1/promotion-codes/99"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Promotion code 99 was not found."));
    api(get("/api/v1/promotion-codes/99/qr.png")).andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    // an <img> asks for images only: it still gets the problem, not 406
    api(get("/api/v1/promotion-codes/99/qr.svg").accept("image/svg+xml"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Promotion code 99 was not found."));
    api(get("/api/v1/promotion-codes/99/qr.png").accept(MediaType.IMAGE_PNG))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Promotion code 99 was not found."));
    verify(links, never()).png(any(PromotionCode.class));
    mvc.perform(get("/api/v1/mini-programs/3/promotion-codes")).andExpect(status().isUnauthorized());
  }

  @Test
  void codesAreListedAndDrawnAsPngAndSvg() throws Exception {
    byte[] png = QrCodes.png(LINK, ErrorCorrectionLevel.M, 256);
    when(codes.list(3L)).thenReturn(List.of(code(22, ""), code(21, "campaign=spring")));
    when(codes.get(21L)).thenReturn(code(21, "campaign=spring"));
    when(links.png(code(21, "campaign=spring"))).thenReturn(png);
    when(links.svg(code(21, "campaign=spring"))).thenReturn(QrCodes.svg(LINK, ErrorCorrectionLevel.M, 256));
    api(get("/api/v1/mini-programs/3/promotion-codes"))
        .andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[0].code.id").value(22))
        .andExpect(jsonPath("$[1].png").value("/api/v1/promotion-codes/21/qr.png"));
    api(get("/api/v1/promotion-codes/21")).andExpect(jsonPath("$.code.pagePath").value("pages/index/index"));
    byte[] answered = api(get("/api/v1/promotion-codes/21/qr.png"))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.IMAGE_PNG))
        .andReturn().getResponse().getContentAsByteArray();
    assertThat(answered).isEqualTo(png);
    assertThat(Arrays.copyOf(answered, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    api(get("/api/v1/promotion-codes/21/qr.svg"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith("image/svg+xml"))
        .andExpect(content().string(allOf(containsString("<svg"), containsString("</svg>"))));
  }

  // --- API: preview codes ---

  @Test
  void aPreviewCodeIsIssuedWithOrWithoutNamedTesters() throws Exception {
    var issued = new PreviewCodes.IssuedPreview(7L, 5L, "1.2.0", List.of("tester-1"), AT.plusSeconds(900),
        "https://miniflow.example/p/" + TOKEN);
    when(previews.issue(5L, null)).thenReturn(issued);
    when(previews.issue(5L, new PreviewCodes.NewPreviewCode(List.of("tester-1")))).thenReturn(issued);
    api(post("/api/v1/versions/5/preview-codes"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/preview-codes/7/qr.png"))
        .andExpect(jsonPath("$.version").value("1.2.0"))
        .andExpect(jsonPath("$.testers[0]").value("tester-1"))
        .andExpect(jsonPath("$.expiresAt").value("2026-02-01T10:15:00Z"))
        .andExpect(jsonPath("$.link").value("https://miniflow.example/p/" + TOKEN));
    api(post("/api/v1/versions/5/preview-codes"), "{'testers': ['tester-1']}").andExpect(status().isCreated());
    when(previews.issue(6L, null)).thenThrow(
        Problems.invalid("Name the testers who may try this version (or start a pilot of it first)."));
    api(post("/api/v1/versions/6/preview-codes")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Name the testers who may try this version (or start a pilot of it first)."));
    when(previews.png(7L)).thenReturn(QrCodes.png("https://miniflow.example/p/" + TOKEN, ErrorCorrectionLevel.M, 256));
    api(get("/api/v1/preview-codes/7/qr.png")).andExpect(content().contentType(MediaType.IMAGE_PNG));
    mvc.perform(get("/api/v1/preview-codes/7/qr.png")).andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/versions/5/preview-codes")).andExpect(status().isUnauthorized());
  }

  @Test
  void superAppsOpenAPreviewWithoutALogin() throws Exception {
    when(previews.open(TOKEN, "tester-1"))
        .thenReturn(new PreviewCodes.ScannedPreview("Shop", "1.2.0", "abc123", AT.plusSeconds(900)));
    when(previews.open(TOKEN, "stranger")).thenThrow(Problems.of(DomainException.Kind.FORBIDDEN,
        "Not a tester of this version", "This preview is only for the testers it was made for.",
        "preview-not-tester"));
    when(previews.open("forged", "tester-1")).thenThrow(Problems.of(DomainException.Kind.INVALID,
        "Not a valid preview code", "This code was altered or was not made by Miniflow.", "preview-invalid"));
    when(previews.open("old", "tester-1")).thenThrow(Problems.of(DomainException.Kind.GONE, "Preview code expired",
        "This preview code expired at 2026-02-01T09:00:00Z. Ask the developer for a new one.", "preview-expired"));
    mvc.perform(get("/api/v1/preview-codes/open").param("token", TOKEN).param("tester", "tester-1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.miniProgram").value("Shop"))
        .andExpect(jsonPath("$.sha256").value("abc123"))
        .andExpect(jsonPath("$.expiresAt").value("2026-02-01T10:15:00Z"));
    mvc.perform(get("/api/v1/preview-codes/open").param("token", TOKEN).param("tester", "stranger"))
        .andExpect(problem(HttpStatus.FORBIDDEN, "preview-not-tester", "Not a tester of this version",
            "This preview is only for the testers it was made for."));
    mvc.perform(get("/api/v1/preview-codes/open").param("token", "forged").param("tester", "tester-1"))
        .andExpect(problem(HttpStatus.BAD_REQUEST, "preview-invalid", "Not a valid preview code",
            "This code was altered or was not made by Miniflow."));
    mvc.perform(get("/api/v1/preview-codes/open").param("token", "old").param("tester", "tester-1"))
        .andExpect(problem(HttpStatus.GONE, "preview-expired", "Preview code expired",
            "This preview code expired at 2026-02-01T09:00:00Z. Ask the developer for a new one."));
    mvc.perform(get("/api/v1/preview-codes/open")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Bad Request", "Required parameter 'token' is not present."));
    mvc.perform(post("/api/v1/preview-codes/open").param("token", TOKEN)).andExpect(status().isUnauthorized());
  }

  // --- pages ---

  @Test
  void theCodesPageListsCodesWithTheirImagesAndOffersTheTargetApps() throws Exception {
    when(codes.targetAppsFor(3L)).thenReturn(List.of(
        new TargetApp(9L, 1L, "wallet", "Wallet", "simulated", TargetAppKind.NATIVE, false, null, "s")));
    when(codes.list(3L)).thenReturn(List.of(code(21, "campaign=spring")));
    mvc.perform(get("/mini-programs/3/codes").with(user("dev")))
        .andExpect(status().isOk())
        .andExpect(view().name("promotion/codes"))
        .andExpect(model().attribute("miniProgramId", 3L))
        .andExpect(content().string(allOf(containsString("<option value=\"9\">Wallet</option>"),
            containsString("src=\"/api/v1/promotion-codes/21/qr.png\""),
            containsString("href=\"/api/v1/promotion-codes/21/qr.svg\" download"),
            containsString("pages/index/index?campaign=spring"), containsString(">" + LINK + "</a>"),
            containsString("Correction M, 256 px"), not(containsString("No codes yet.")))));
    mvc.perform(get("/mini-programs/3/codes")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void creatingOnThePageNeedsTheCsrfTokenAndSaysHowItWent() throws Exception {
    mvc.perform(post("/mini-programs/3/codes").param("targetAppId", "9").with(user("dev")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(codes);
    when(codes.create(3L, request("", 256))).thenReturn(code(21, ""));
    when(codes.create(3L, request("", 5000))).thenThrow(Problems.invalid("The size must be 128 to 1024 pixels."));
    mvc.perform(post("/mini-programs/3/codes").param("targetAppId", "9").param("pagePath", "pages/index/index")
        .param("query", "").param("description", "Spring sale").param("errorCorrection", "M").param("size", "256")
        .with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/mini-programs/3/codes"))
        .andExpect(flash().attribute("success", "Code created: " + LINK));
    mvc.perform(post("/mini-programs/3/codes").param("targetAppId", "9").param("pagePath", "pages/index/index")
        .param("query", "").param("description", "Spring sale").param("errorCorrection", "M").param("size", "5000")
        .with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/mini-programs/3/codes"))
        .andExpect(flash().attribute("error", "The size must be 128 to 1024 pixels."));
  }

  @Test
  void aScannedCodeLandsWithoutALogin() throws Exception {
    when(codes.open("abcd2345")).thenReturn(new PromotionCodes.Landing("Shop", "Wallet", "pages/index/index",
        "campaign=spring", "Spring sale", "wallet://mini-program/3/pages/index/index?campaign=spring"));
    when(codes.open("nope")).thenThrow(Problems.notFound("Code nope"));
    mvc.perform(get("/q/abcd2345"))
        .andExpect(status().isOk())
        .andExpect(view().name("promotion/landing"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
        .andExpect(content().string(allOf(containsString("<title>Shop · Miniflow</title>"),
            containsString("<strong>Wallet</strong>"),
            containsString("href=\"wallet://mini-program/3/pages/index/index?campaign=spring\""),
            containsString("Spring sale"))));
    mvc.perform(get("/q/nope"))
        .andExpect(status().isNotFound())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("Code nope was not found.")));
  }

  @Test
  void aScannedPreviewAsksForTheTesterThenOpensOrSaysWhyNot() throws Exception {
    when(previews.open(TOKEN, "tester-1"))
        .thenReturn(new PreviewCodes.ScannedPreview("Shop", "1.2.0", "abc123", AT.plusSeconds(900)));
    when(previews.open("old", "tester-1")).thenThrow(Problems.of(DomainException.Kind.GONE, "Preview code expired",
        "This preview code expired at 2026-02-01T09:00:00Z. Ask the developer for a new one.", "preview-expired"));
    when(previews.open(TOKEN, "stranger")).thenThrow(Problems.of(DomainException.Kind.FORBIDDEN,
        "Not a tester of this version", "This preview is only for the testers it was made for.",
        "preview-not-tester"));
    mvc.perform(get("/p/" + TOKEN))
        .andExpect(status().isOk())
        .andExpect(view().name("promotion/preview"))
        .andExpect(content().string(allOf(containsString("Try a version before its release"),
            containsString("action=\"/p/" + TOKEN + "\""), not(containsString("id=\"refusal\"")))));
    verify(previews, never()).open(any(), any());
    mvc.perform(get("/p/" + TOKEN).param("tester", "tester-1"))
        .andExpect(status().isOk())
        .andExpect(content().string(allOf(containsString("<span>Shop 1.2.0</span>"),
            containsString("2026-02-01 10:15 UTC"), containsString("Package sha256 abc123"),
            not(containsString("Your tester id")))));
    mvc.perform(get("/p/old").param("tester", "tester-1"))
        .andExpect(status().isGone())
        .andExpect(content().string(allOf(containsString("alert alert-warning"),
            containsString("Preview code expired"), containsString("Ask the developer for a new one."))));
    mvc.perform(get("/p/" + TOKEN).param("tester", "stranger"))
        .andExpect(status().isForbidden())
        .andExpect(content().string(allOf(containsString("alert alert-danger"),
            containsString("This preview is only for the testers it was made for."))));
  }

  @Test
  void onlyReadingScannedCodesIsPublic() throws Exception {
    mvc.perform(post("/q/abcd2345")).andExpect(status().isForbidden());
    mvc.perform(post("/q/abcd2345").with(csrf())).andExpect(redirectedUrl("http://localhost/login"));
    mvc.perform(get("/q/abcd2345/more")).andExpect(redirectedUrl("http://localhost/login"));
    verify(codes, never()).open(any());
    verify(codes, never()).get(anyLong());
  }
}
