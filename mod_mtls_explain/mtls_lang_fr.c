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

/* French (français): "vous"; no-break spaces before ":" and ";". */

#include "mtls_lang.h"

const mtls_lang_t mtls_lang_fr = {
    "fr", "Français",
    {
        /* ok */
        { "Votre certificat client a été accepté", NULL,
          "Votre certificat client a été vérifié.", NULL,
          { NULL }, { NULL } },
        /* generous */
        { "Votre certificat client a été accepté sans émetteur de confiance",
          NULL,
          "L’émetteur de votre certificat n’est pas reconnu comme fiable, ce "
          "que cette partie du site accepte.", NULL,
          { NULL }, { NULL } },
        /* none */
        { "Un certificat client est requis", NULL,
          "Cette page ne peut être ouverte qu’avec un certificat client, et "
          "votre navigateur n’en a pas envoyé.", NULL,
          { "Rechargez la page et, lorsque votre navigateur vous le demande, "
            "choisissez votre certificat. Si vous avez annulé cette demande, "
            "fermez toutes les fenêtres du navigateur et réessayez.",
            "Ouvrez les paramètres de certificats de votre navigateur et "
            "vérifiez la date d’expiration de votre certificat, puis "
            "comparez son émetteur à la liste ci-dessous. S’il a expiré, "
            "faites-le renouveler par l’organisme qui l’a émis.",
            "Si votre certificat se trouve sur une carte à puce ou une clé "
            "de sécurité, insérez-la, puis redémarrez le navigateur.",
            "Si rien de tout cela ne fonctionne, contactez l’assistance du "
            "site.",
            NULL },
          { NULL } },
        /* expired */
        { "Votre certificat client a expiré",
          "Une autorité de certification de la chaîne de votre certificat a "
          "expiré",
          "Votre certificat a dépassé sa date de fin de validité et ne peut "
          "donc plus être utilisé.",
          "Votre propre certificat n’est pas en cause : le certificat d’une "
          "autorité qui l’a émis a expiré, il ne peut donc plus être vérifié.",
          { "Faites renouveler votre certificat par l’organisme qui l’a "
            "émis, installez le nouveau certificat, puis réessayez.",
            "Si vous disposez déjà d’un certificat plus récent, redémarrez "
            "le navigateur et choisissez celui-ci.",
            NULL },
          { "Contactez l’assistance du site ou l’organisme qui a émis votre "
            "certificat : le certificat de l’autorité indiquée ci-dessous "
            "doit être renouvelé, et votre certificat devra peut-être être "
            "émis à nouveau.",
            NULL } },
        /* not_yet_valid */
        { "Votre certificat client n’est pas encore valide",
          "Une autorité de certification de la chaîne de votre certificat "
          "n’est pas encore valide",
          "La date de début de validité de votre certificat n’est pas encore "
          "atteinte.",
          "Le certificat d’une autorité qui a émis votre certificat ne "
          "deviendra valide qu’à une date future.",
          { "Vérifiez que la date et l’heure de votre appareil sont "
            "correctes.",
            "Si c’est le cas, attendez la date de début de validité indiquée "
            "ci-dessous, ou renseignez-vous auprès de l’organisme qui a émis "
            "le certificat.",
            NULL },
          { "Vérifiez que la date et l’heure de votre appareil sont "
            "correctes.",
            "Si c’est le cas, contactez l’assistance du site en lui "
            "indiquant les informations ci-dessous.",
            NULL } },
        /* revoked */
        { "Votre certificat client a été révoqué",
          "Une autorité de certification de la chaîne de votre certificat a "
          "été révoquée",
          "L’autorité qui a émis votre certificat l’a annulé. Un certificat "
          "révoqué ne peut plus jamais être utilisé.",
          "Une autorité qui a émis votre certificat a elle-même été "
          "révoquée, les certificats qui en dépendent ne peuvent donc plus "
          "être vérifiés.",
          { "Demandez un nouveau certificat à l’organisme qui a émis le "
            "vôtre.",
            "Si vous avez un autre certificat, redémarrez le navigateur et "
            "choisissez celui-ci.",
            NULL },
          { "Demandez à l’organisme qui a émis votre certificat un nouveau "
            "certificat, émis par une autorité toujours valide.",
            NULL } },
        /* untrusted */
        { "Votre certificat client n’est pas reconnu comme fiable ici", NULL,
          "Votre certificat a été émis par une autorité que ce site "
          "n’accepte pas, ou la chaîne des autorités au-dessus de lui est "
          "incomplète.", NULL,
          { "Redémarrez le navigateur et choisissez un certificat émis par "
            "l’une des autorités indiquées ci-dessous.",
            "Si votre certificat provient de l’une d’elles via une autorité "
            "intermédiaire, installez le certificat de cette autorité "
            "intermédiaire sur votre appareil, afin que le navigateur puisse "
            "envoyer la chaîne complète.",
            "Si vous pensez que ce certificat devrait fonctionner, contactez "
            "l’assistance du site en lui indiquant les informations "
            "ci-dessous.",
            NULL },
          { NULL } },
        /* invalid */
        { "Votre certificat client n’a pas pu être vérifié", NULL,
          "La vérification de votre certificat a échoué pour la raison "
          "indiquée ci-dessous.", NULL,
          { "Redémarrez le navigateur et choisissez un autre certificat, si "
            "vous en avez un.",
            "Contactez l’assistance du site en lui indiquant les "
            "informations ci-dessous.",
            NULL },
          { NULL } },
    },

    "Les navigateurs ne proposent pas tous les certificats. Le plus souvent, "
    "aucun certificat n’arrive parce que :",
    {
        "votre certificat a expiré : les navigateurs ne proposent pas les "
        "certificats expirés ;",
        "votre certificat a été émis par une autorité que ce site n’accepte "
        "pas : les navigateurs ne proposent que les certificats des "
        "autorités indiquées ci-dessous ;",
        "votre carte à puce ou votre clé de sécurité n’est pas insérée ;",
        "la demande de certificat a été annulée, ou aucun certificat n’est "
        "installé dans ce navigateur.",
        NULL
    },

    "Erreur",

    "Ce qui s’est passé",
    "Pourquoi",
    "Ce que vous pouvez faire",
    "Votre certificat",
    "Le certificat en cause (profondeur %d)",
    "Certificats acceptés par ce site",
    "Aide",

    "Sujet",
    "Émetteur",
    "Numéro de série",
    "Début de validité",
    "Fin de validité",
    "Empreinte SHA-256",
    "Problème",
    "Verdict",
    "Politique",
    "Hôte",
    "Date et heure",
    "Identifiant de la requête",
    "Contact",
    "Aide",

    "La vérification de votre certificat a échoué : %s (erreur OpenSSL %d).",
    "La vérification a échoué à ce niveau : %s (erreur OpenSSL %d).",
    "Le certificat en cause est %s, un niveau au-dessus du vôtre dans la "
    "chaîne.",
    "Le certificat en cause est %s, %d niveaux au-dessus du vôtre dans la "
    "chaîne.",
    "Ce site accepte les certificats émis par ces autorités :",
    "Ce site n’a pas indiqué les autorités qu’il accepte.",
    "Pour obtenir de l’aide, contactez :",
    "Aide supplémentaire",

    "il y a %s",
    "dans %s",
    {
        { "%d minute", "%d minutes" },
        { "%d heure", "%d heures" },
        { "%d jour", "%d jours" },
        { "%d mois", "%d mois" },
        { "%d an", "%d ans" },
    },
    1,
};
