"""The words that name each kind of answer in a question, in French and English (folded: lower
case, no accents): "which startup" asks for an organisation, "which chip" for a product, "how
much memory" for a quantity, "in kWh" for a unit. ``answer_types`` reads questions with them.
"""

from __future__ import annotations

TIME_UNITS = (
    r"(?:seconds?|secondes?|minutes?|mins?|hours?|heures?|hrs?|days?|jours?|journees?|weeks?|semaines?"
    r"|months?|mois|years?|ans|annees?|decades?|decennies?|quarters?|trimestres?|nights?|milliseconds?"
    r"|millisecondes?"
    r"|nuits?)"
)
MEASURE_WORDS = (
    r"(?:memory|ram|vram|energy|power|electricity|water|data|text|storage|compute|bandwidth|context"
    r"|faster|slower|bigger|smaller|larger|longer|shorter|better|higher|lower|heavier"
    r"|lighter|land|space|floor space|ground)"
)
ORG_NOUNS = (
    r"(?:company|companies|firm|firms|startup|start-up|lab|labs|laboratory|organi[sz]ations?|group|fund"
    r"|bank|vc|venture|university|agency|government|regulator|court|team|publisher|brand|manufacturer"
    r"|maker|vendor|provider|partner|customer|client|rival|competitor|investors?|acquirer|buyer|chipmaker"
    r"|carmaker|automaker|retailer|outlet|newspaper|nonprofit|non-profit|charity|foundation|party|union|developer"
    r"|studio|exchange|insurer|operator|airline|body|bodies|drugmaker|institution|institute|consortium|contractor"
    r"|subcontractor|supplier|universities|agencies|companies|entreprises?|societes?|firmes?|banques?|universites?"
    r"|hospitals?|clinics?|hopitals?|hopitaux|cliniques?"
    r"|agences?|autorites?|equipes?|marques?|groupes?|fonds|laboratoires?|labos?|investisseurs?"
    r"|partenaires?|concurrents?|developpeurs?|constructeurs?|fabricants?|fournisseurs?|operateurs?|editeurs?"
    r"|hebergeurs?|regulateurs?|tribunal|equipementiers?|acheteurs?|acquereurs?|clients?|assureurs?"
    r"|journals?|publications?|magazines?|media|medias|chains?|revues?|journaux"
    r"|partis?|syndicats?|fondations?|associations?|jeunes? pousses?|sous-traitants?|instituts?|organismes?)"
)
PERSON_NOUNS = (
    r"(?:person|people|executive|exec|ceo|cto|cfo|founder|co-?founder|researcher|scientist|author"
    r"|analyst|official|engineer|leader|politician|judge|justice|senator|minister|president|chairman"
    r"|boss|chief|director|spokesperson|employee|economist|professor|hacker|actor|actress|journalist|reporter"
    r"|writer|artist|athlete|acteur|actrice|journaliste|artiste|shareholder|plaintiff|lawyer|attorney|designer"
    r"|doctor|physician|student|inventor|(?:co-?)?creator|entrepreneur|billionaire|programmer|mathematician|physicist"
    r"|royal|prince|princess|king|queen|sheikh|princesse|roi|reine|cheikh|members?|membres?"
    r"|actionnaire|avocate?|medecin|etudiante?|inventeur|inventrice|createur|creatrice|entrepreneure?|milliardaire"
    r"|dirigeante?|pdg|patronne?|fondat(?:eur|rice)|chercheu(?:r|se)|aut(?:eur|rice)|ministre"
    r"|presidente?|direct(?:eur|rice)|ingenieure?|responsable|economiste|professeure?|porte-parole|elue?|depute?e?"
    r"|juge|surgeon|nurse|governor|mayor|lawmaker|legislator|chancellor|commissioner|banker|astronaut|singer"
    r"|musician|filmmaker|novelist|poet|blogger|podcaster|youtuber|biologist|chemist|neuroscientist|astronomer"
    r"|historian|philosopher|whistleblower|chirurgien(?:ne)?|infirmiere?|gouverneure?|maire|chanceli(?:er|ere)"
    r"|commissaire|banquiere?|astronaute|chanteu(?:r|se)|musicien(?:ne)?|cineaste|romanci(?:er|ere)|poete"
    r"|biologiste|chimiste|astronome|historien(?:ne)?|philosophe|enseignante?|physicien(?:ne)?"
    r"|mathematicien(?:ne)?|player(?!s)|joueu(?:r|se)(?!s))"  # "travel players" are firms
)  # a "which <noun>" not listed reads as open; not "pilot" ("which pilot program"), "développeur" (a firm)
PLACE_NOUNS = (
    r"(?:country|countries|city|cities|state|region|town|continent|county|province|site|pays|ville|etats?"
    r"|villes|region|commune|departement|airports?|aeroports?|neighbou?rhoods?|quartiers?|base|district|island|ile)"
)
PRODUCT_NOUNS = (
    r"(?:models?|chips?|products?|tools?|apps?|application|appli|devices?|services?|features?"
    r"|language|framework|library|version|platform|os|browser|phone|robots?|game|software|system"
    r"|vehicle|car|drug|vaccine|benchmark|dataset|protocol|standard|algorithm"
    r"|architecture|gadget|agent|assistant|chatbot|processor|gpu|cpu|accelerator|release"
    r"|codename|code name|headset|glasses|laptop|smartphone|satellite|rocket|drone|sensor"
    r"|camera|casques?|lunettes|capteurs?|fusees?|moteurs?|nom de code|modeles?|produits?|outils?"
    r"|logiciels?|appareils?|puces?|processeurs?|fonctions?|fonctionnalites?|plateformes?|langages?"
    r"|bibliotheques?|systemes?|vehicules?|medicaments?|technologies?|conferences?|events?|summits?"
    r"|evenements?|salons?|laws?|acts?|bills?|regulations?|directives?|equations?|formulas?|theorems?|lois?"
    r"|reglements?|formules?|assistants?|databases?|distributions?|distros?|compilers?|bases? de donnees"
    r"|subscriptions?|tiers?|abonnements?|legislations?)"
)
QUANTITY_NOUNS = (
    r"(?:model size|size|speed|capacity|context window|context length|resolution|range|weight|power|bandwidth"
    r"|throughput|latency|height|length|distance|consumption|volume|efficiency|battery life"
    r"|battery capacity|parameter count|parameters|altitude|depth|ratio|wavelength|density|thickness|width"
    r"|elo|rating|frame rate|refresh rate|profondeur|densite|epaisseur|largeur|longueur d'onde|brightness|luminosite"
    r"|field strength|quantite|floor space|floor area|surface area|footprint|temperature|taille"
    r"|vitesse|capacite|fenetre de contexte|resolution|portee|poids|puissance|debit|latence|hauteur"
    r"|longueur|distance|consommation|volume|autonomie|efficacite|superficie|surface|temperature|parametres|thrust"
    r"|poussee)"
)
# Units a question may ask its figure in: "in kWh", « en Go ».
ASKED_UNITS = (
    r"(?:kwh|mwh|gwh|twh|kw|mw|gw|gb|tb|mb|go|to|mo|km|kg|mph|km/h|tflops|fps|hz|ghz|mah|nm|nanometers|nanometres"
    r"|kilowatts|megawatts|gigawatts|watts|gigabytes|terabytes|gigaoctets|kilometers|kilometres|kilograms|kilogrammes|pixels|tokens"
    r"|jetons|degrees|degres|milligrams?|milligrammes?|mg)"
)
MONEY_NOUNS = (
    r"(?:price|prices|priced|cost|costs|valuation|valued|revenue|revenues|revenu|sales|funding|budget|salary|prize"
    r"|fares?|(?<!to )(?<!and )fine(?!-)|fined|penalty|fee|fees|tuition|deposit|subscription|compensation"
    r"|pay|paid|raise|raised"
    r"|worth|spend|spent|investment|invest|invested|sell for|sold for|market cap|loss|bonus|wage"
    r"|charges?(?= (?:per|for|a|an|to)\b)|charged(?= (?:per|for)\b)"
    r"|(?<!au )(?<!for-)(?<!non-)profit"
    r"|prix|cout|couts|coute|coutera|valorisation|valorise|chiffre d'affaires|financement|salaire"
    r"|amende|somme|montant|levee|leve|investissement|investit|tarif|loyer|redevance|facture|abonnement"
    r"|benefice|perte|remuneration|paie|paye|payer|vaut|depense)"
)
