/* Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* German (Deutsch): formal "Sie". */

#include "mtls_lang.h"

const mtls_lang_t mtls_lang_de = {
    "de", "Deutsch",
    {
        /* ok */
        { "Ihr Client-Zertifikat wurde akzeptiert", NULL,
          "Ihr Client-Zertifikat wurde erfolgreich geprüft.", NULL,
          { NULL }, { NULL } },
        /* generous */
        { "Ihr Client-Zertifikat wurde ohne vertrauenswürdigen Aussteller "
          "akzeptiert", NULL,
          "Der Aussteller Ihres Zertifikats ist nicht vertrauenswürdig, und "
          "dieser Bereich der Website lässt das zu.", NULL,
          { NULL }, { NULL } },
        /* none */
        { "Ein Client-Zertifikat ist erforderlich", NULL,
          "Diese Seite kann nur mit einem Client-Zertifikat geöffnet werden, "
          "und Ihr Browser hat keines gesendet.", NULL,
          { "Laden Sie die Seite neu und wählen Sie Ihr Zertifikat aus, wenn "
            "Ihr Browser danach fragt. Falls Sie diese Abfrage abgebrochen "
            "haben, schließen Sie alle Browserfenster und versuchen Sie es "
            "erneut.",
            "Öffnen Sie die Zertifikatseinstellungen Ihres Browsers und "
            "prüfen Sie das Ablaufdatum Ihres Zertifikats, und vergleichen "
            "Sie seinen Aussteller mit der Liste unten. Ist es abgelaufen, "
            "lassen Sie es von der Stelle erneuern, die es ausgestellt hat.",
            "Wenn sich Ihr Zertifikat auf einer Chipkarte oder einem "
            "Sicherheitsschlüssel befindet, stecken Sie die Karte bzw. den "
            "Schlüssel ein und starten Sie dann den Browser neu.",
            "Wenn nichts davon hilft, wenden Sie sich an den Support der "
            "Website.",
            NULL },
          { NULL } },
        /* expired */
        { "Ihr Client-Zertifikat ist abgelaufen",
          "Eine Zertifizierungsstelle in der Kette Ihres Zertifikats ist "
          "abgelaufen",
          "Ihr Zertifikat hat sein Ablaufdatum überschritten und kann daher "
          "nicht mehr verwendet werden.",
          "Ihr eigenes Zertifikat ist nicht das Problem: Das Zertifikat "
          "einer Zertifizierungsstelle, die es ausgestellt hat, ist "
          "abgelaufen, daher kann Ihr Zertifikat nicht mehr geprüft werden.",
          { "Lassen Sie Ihr Zertifikat von der Stelle erneuern, die es "
            "ausgestellt hat, installieren Sie das neue Zertifikat und "
            "versuchen Sie es erneut.",
            "Wenn Sie bereits ein neueres Zertifikat haben, starten Sie den "
            "Browser neu und wählen Sie dieses aus.",
            NULL },
          { "Wenden Sie sich an den Support der Website oder an die Stelle, "
            "die Ihr Zertifikat ausgestellt hat: Das unten genannte "
            "Zertifikat der Zertifizierungsstelle muss erneuert werden, und "
            "Ihr Zertifikat muss möglicherweise neu ausgestellt werden.",
            NULL } },
        /* not_yet_valid */
        { "Ihr Client-Zertifikat ist noch nicht gültig",
          "Eine Zertifizierungsstelle in der Kette Ihres Zertifikats ist "
          "noch nicht gültig",
          "Der Gültigkeitsbeginn Ihres Zertifikats liegt noch in der Zukunft.",
          "Das Zertifikat einer Zertifizierungsstelle, die Ihr Zertifikat "
          "ausgestellt hat, wird erst in der Zukunft gültig.",
          { "Prüfen Sie, ob Datum und Uhrzeit auf Ihrem Gerät richtig "
            "eingestellt sind.",
            "Wenn ja, warten Sie bis zum unten angegebenen "
            "Gültigkeitsbeginn, oder fragen Sie bei der Stelle nach, die das "
            "Zertifikat ausgestellt hat.",
            NULL },
          { "Prüfen Sie, ob Datum und Uhrzeit auf Ihrem Gerät richtig "
            "eingestellt sind.",
            "Wenn ja, wenden Sie sich mit den unten stehenden Angaben an den "
            "Support der Website.",
            NULL } },
        /* revoked */
        { "Ihr Client-Zertifikat wurde gesperrt",
          "Eine Zertifizierungsstelle in der Kette Ihres Zertifikats wurde "
          "gesperrt",
          "Die Stelle, die Ihr Zertifikat ausgestellt hat, hat es gesperrt. "
          "Ein gesperrtes Zertifikat kann nie wieder verwendet werden.",
          "Eine Zertifizierungsstelle, die Ihr Zertifikat ausgestellt hat, "
          "wurde selbst gesperrt, daher können die von ihr ausgestellten "
          "Zertifikate nicht mehr geprüft werden.",
          { "Bitten Sie die Stelle, die Ihr Zertifikat ausgestellt hat, um "
            "ein neues.",
            "Wenn Sie ein anderes Zertifikat haben, starten Sie den Browser "
            "neu und wählen Sie dieses aus.",
            NULL },
          { "Bitten Sie die Stelle, die Ihr Zertifikat ausgestellt hat, um "
            "ein neues Zertifikat von einer Zertifizierungsstelle, die noch "
            "gültig ist.",
            NULL } },
        /* untrusted */
        { "Ihrem Client-Zertifikat wird hier nicht vertraut", NULL,
          "Ihr Zertifikat wurde von einer Zertifizierungsstelle ausgestellt, "
          "die diese Website nicht akzeptiert, oder die Kette der "
          "übergeordneten Zertifizierungsstellen ist unvollständig.", NULL,
          { "Starten Sie den Browser neu und wählen Sie ein Zertifikat, das "
            "von einer der unten aufgeführten Zertifizierungsstellen "
            "ausgestellt wurde.",
            "Wenn Ihr Zertifikat über eine Zwischenzertifizierungsstelle von "
            "einer dieser Stellen stammt, installieren Sie das Zertifikat "
            "dieser Zwischenzertifizierungsstelle auf Ihrem Gerät, damit der "
            "Browser die vollständige Kette senden kann.",
            "Wenn Sie meinen, dass dieses Zertifikat funktionieren sollte, "
            "wenden Sie sich an den Support der Website und geben Sie die "
            "unten stehenden Angaben an.",
            NULL },
          { NULL } },
        /* invalid */
        { "Ihr Client-Zertifikat konnte nicht geprüft werden", NULL,
          "Die Prüfung Ihres Zertifikats ist aus dem unten angegebenen Grund "
          "fehlgeschlagen.", NULL,
          { "Starten Sie den Browser neu und wählen Sie ein anderes "
            "Zertifikat, falls Sie eines haben.",
            "Wenden Sie sich an den Support der Website und geben Sie die "
            "unten stehenden Angaben an.",
            NULL },
          { NULL } },
    },

    "Browser bieten nicht jedes Zertifikat an. Meistens kommt aus einem "
    "dieser Gründe kein Zertifikat an:",
    {
        "Ihr Zertifikat ist abgelaufen: Browser bieten abgelaufene "
        "Zertifikate nicht an;",
        "Ihr Zertifikat wurde von einer Zertifizierungsstelle ausgestellt, "
        "die diese Website nicht akzeptiert: Browser bieten nur Zertifikate "
        "der unten aufgeführten Zertifizierungsstellen an;",
        "Ihre Chipkarte oder Ihr Sicherheitsschlüssel ist nicht eingesteckt;",
        "die Zertifikatsabfrage wurde abgebrochen, oder in diesem Browser "
        "ist kein Zertifikat installiert.",
        NULL
    },

    "Fehler",

    "Was ist passiert",
    "Warum",
    "Was Sie tun können",
    "Ihr Zertifikat",
    "Das Zertifikat, an dem die Prüfung gescheitert ist (Tiefe %d)",
    "Zertifikate, die diese Website akzeptiert",
    "Hilfe",

    "Inhaber",
    "Aussteller",
    "Seriennummer",
    "Gültig ab",
    "Gültig bis",
    "SHA-256-Fingerabdruck",
    "Problem",
    "Ergebnis",
    "Richtlinie",
    "Host",
    "Zeitpunkt",
    "Anfrage-ID",
    "Kontakt",
    "Hilfe",

    "Die Prüfung Ihres Zertifikats ist fehlgeschlagen: %s (OpenSSL-Fehler "
    "%d).",
    "Bei diesem Zertifikat ist die Prüfung fehlgeschlagen: %s "
    "(OpenSSL-Fehler %d).",
    "Das Zertifikat, an dem die Prüfung gescheitert ist, ist %s, eine Stufe "
    "über Ihrem eigenen in der Kette.",
    "Das Zertifikat, an dem die Prüfung gescheitert ist, ist %s, %d Stufen "
    "über Ihrem eigenen in der Kette.",
    "Diese Website akzeptiert Zertifikate, die von diesen "
    "Zertifizierungsstellen ausgestellt wurden:",
    "Diese Website hat nicht angegeben, welche Zertifizierungsstellen sie "
    "akzeptiert.",
    "Hilfe erhalten Sie bei:",
    "Weitere Hilfe",

    "vor %s",
    "in %s",
    /* Dative plural: they follow both "vor" and "in". */
    {
        { "%d Minute", "%d Minuten" },
        { "%d Stunde", "%d Stunden" },
        { "%d Tag", "%d Tagen" },
        { "%d Monat", "%d Monaten" },
        { "%d Jahr", "%d Jahren" },
    },
    0,
};
