// The periodic task form's crontab help, translated into words as a schedule is picked
// (django_celery_beat's behaviour, moved out of its inline script for the Content Security Policy).
"use strict";
(function () {
  const $ = django.jQuery;
  const readableCrontabs = JSON.parse($("#readable-crontabs").text());
  const help = $(".field-crontab .help");
  const originalHelp = help.text();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    const words = readableCrontabs[$("#id_crontab").val()];
    help.text(originalHelp);
    // Django's related-object links fire "change" as the page loads, before anything is picked.
    if (words) help.append("<br>", document.createTextNode("Translation: " + words));
  });
})();
