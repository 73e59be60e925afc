// Render the interactive API documentation (Swagger UI, served by the portal).
(function () {
  "use strict";
  var mount = document.getElementById("swagger-ui");
  if (!mount || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: mount.getAttribute("data-schema-url"),
    domNode: mount,
    deepLinking: true,
    tryItOutEnabled: false,
  });
})();
