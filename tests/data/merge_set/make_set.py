# ruff: noqa: E501
"""Writes articles.jsonl and gold.json (cluster of each article) from the hand-written reports.

Run: python tests/data/merge_set/make_set.py tests/data/merge_set
"""
import datetime as dt
import json
import sys

# (cluster, event date, [(publication offset in days, outlet, text)]); {dow} = event weekday,
# {date} = "5 March 2023" style date of the event.
G = [
("mogadishu-bomb", "2023-03-05", [
 (0, "Wire", "MOGADISHU - A car bomb exploded near a busy checkpoint in Mogadishu on {dow}, killing at least seven people, police said. Al Shabaab claimed responsibility for the blast."),
 (1, "Horn Daily", "Seven people died when an explosives-laden car blew up at a checkpoint in the Somali capital Mogadishu on {date}. The al-Shabaab militant group said it carried out the bombing."),
 (1, "Radio Bulsho", "Residents of Mogadishu said a powerful car bomb shook the city on {dow}. Police officer Abdi Nur said eight people were killed in the attack by al-Shabaab."),
]),
("mogadishu-bomb-later", "2023-03-19", [
 (0, "Wire", "MOGADISHU - A suicide car bomb struck a hotel gate in Mogadishu on {dow}, killing three guards, police said. Al Shabaab said it was behind the attack."),
]),
("maiduguri-market", "2023-06-12", [
 (0, "Lagos Tribune", "A suicide bomber blew herself up at a crowded market in Maiduguri, the capital of Borno State, on {dow}, killing 12 people, the police said. Boko Haram is suspected."),
 (1, "Wire", "MAIDUGURI, Nigeria - At least 12 people were killed on {date} when a female suicide bomber detonated explosives in a market in Maiduguri. Officials blamed Boko Haram jihadists."),
]),
("bama-attack-same-day", "2023-06-12", [
 (0, "Lagos Tribune", "Boko Haram fighters attacked a military base in Bama, Borno State, on {dow}. The army said troops repelled the attack and killed nine insurgents."),
]),
("gao-base", "2022-08-08", [
 (0, "Sahel Watch", "Jihadists attacked an army camp in Gao, northern Mali, on {dow}, killing four soldiers, the army said in a statement."),
 (1, "Wire", "BAMAKO - Four Malian soldiers were killed on {date} when suspected jihadist militants assaulted a military camp in the town of Gao, the armed forces said."),
]),
("kharkiv-missile", "2023-01-15", [
 (0, "Kyiv Post Daily", "A Russian missile struck a residential building in Kharkiv on {dow}, killing three civilians, regional governor Oleh Synehubov said."),
 (1, "Wire", "KHARKIV, Ukraine - Three people were killed when a Russian missile hit an apartment block in Kharkiv on {date}, the regional governor said."),
 (1, "Euro News Net", "Rescuers in Kharkiv searched the rubble of an apartment building hit by a Russian missile on {dow}. Officials said three residents were killed and eleven were injured."),
]),
("kharkiv-missile-later", "2023-01-20", [
 (0, "Kyiv Post Daily", "Russian forces fired missiles at an industrial site in Kharkiv on {dow}, injuring two workers, the governor said."),
]),
("khartoum-clashes", "2023-05-02", [
 (0, "Sudan Tribune Online", "Heavy fighting between the Sudanese army and the Rapid Support Forces erupted in Khartoum on {dow}, killing 20 people, medics said."),
 (1, "Wire", "KHARTOUM - Clashes between Sudan's army and the paramilitary Rapid Support Forces killed at least 20 people in Khartoum on {date}, a doctors' committee said."),
]),
("el-obeid-same-day", "2023-05-02", [
 (0, "Sudan Tribune Online", "The Rapid Support Forces clashed with army troops in El Obeid, North Kordofan, on {dow}. Witnesses said five people were killed."),
]),
("kabul-mosque", "2022-09-23", [
 (0, "Wire", "KABUL - An explosion tore through a mosque in Kabul during Friday prayers on {date}, killing five worshippers, police said."),
 (0, "Afghan Voice", "Five people were killed when a bomb exploded inside a mosque in the Afghan capital Kabul on {dow}, a Taliban spokesman said."),
]),
("peshawar-police", "2023-01-30", [
 (0, "Dawn Digest", "Militants of the Tehrik-i-Taliban Pakistan attacked a police station in Peshawar on {dow}, killing ten policemen, officials said."),
 (1, "Wire", "PESHAWAR, Pakistan - Ten police officers were killed on {date} when Pakistani Taliban fighters stormed a police station in Peshawar, officials said."),
]),
("nairobi-protest", "2023-07-12", [
 (0, "Nation Wire", "Hundreds of protesters marched in Nairobi on {dow} against new taxes, and police fired tear gas to disperse them."),
 (1, "Wire", "NAIROBI - Kenyan police fired tear gas at hundreds of demonstrators protesting against tax increases in Nairobi on {date}."),
]),
("mombasa-protest-same-day", "2023-07-12", [
 (0, "Coast Week", "Traders in Mombasa staged a peaceful protest against new taxes on {dow}, marching to the county offices."),
]),
("kisumu-protest-same-day", "2023-07-12", [
 (0, "Lakeside Star", "Hundreds of opposition supporters demonstrated in Kisumu on {dow} against new taxes, blocking roads with burning tyres."),
]),
("lagos-protest", "2023-06-05", [
 (0, "Lagos Tribune", "Thousands of workers protested in Lagos on {dow} against the removal of the fuel subsidy, marching peacefully to the state assembly."),
 (1, "Wire", "LAGOS - Thousands of Nigerian workers demonstrated in Lagos on {date} against the end of the fuel subsidy, union leaders said."),
]),
("abuja-protest-same-day", "2023-06-05", [
 (0, "Capital Post", "Members of the labour union held a protest in Abuja on {dow} against the removal of the fuel subsidy."),
]),
("goma-clashes", "2023-02-10", [
 (0, "Kivu Morning", "M23 rebels clashed with the Congolese army near Goma on {dow}, killing eight people, local officials said."),
 (1, "Wire", "GOMA, Congo - Fighting between M23 rebels and Congolese troops near the city of Goma killed eight people on {date}, officials said."),
]),
("rutshuru-same-day", "2023-02-10", [
 (0, "Kivu Morning", "M23 rebels also attacked army positions in Rutshuru on {dow}, killing two soldiers, the army said."),
]),
("bunia-adf", "2023-03-09", [
 (0, "Ituri News", "ADF rebels killed 15 civilians in an attack on a village near Bunia on {dow}, local officials said."),
 (1, "Wire", "BUNIA, Congo - Islamist ADF fighters killed 15 villagers near Bunia in Ituri province on {date}, a local official said."),
]),
("aden-drone", "2022-10-21", [
 (0, "Yemen Monitor", "A Houthi drone struck an oil terminal near Aden on {dow}, the government said. No casualties were reported."),
 (1, "Wire", "ADEN - Yemen's government said a drone launched by the Houthi movement hit an oil terminal near Aden on {date}."),
]),
("idlib-shelling", "2023-02-01", [
 (0, "Syria Direct Daily", "Syrian government forces shelled the city of Idlib on {dow}, killing four civilians including two children, rescuers said."),
 (1, "Wire", "IDLIB, Syria - Artillery fire by Syrian regime forces killed four civilians in Idlib on {date}, the White Helmets said."),
]),
("aleppo-shelling-same-day", "2023-02-01", [
 (0, "Syria Direct Daily", "Rebel shelling hit a neighbourhood of Aleppo on {dow}, wounding six civilians, state media said."),
]),
("baghdad-protest", "2022-08-29", [
 (0, "Iraq Now", "Supporters of Moqtada al-Sadr stormed the government palace in Baghdad on {dow}, and clashes with security forces killed 15 people."),
 (1, "Wire", "BAGHDAD - Fifteen people were killed on {date} when Sadr supporters clashed with security forces after storming the Green Zone in Baghdad, medics said."),
]),
("port-au-prince-gang", "2023-04-24", [
 (0, "Haiti Libre Daily", "Gang members attacked residents in Port-au-Prince on {dow}, killing ten people, police said."),
 (1, "Wire", "PORT-AU-PRINCE - Armed gangs killed ten people in an attack on a neighbourhood of Port-au-Prince on {date}, Haitian police said."),
]),
("port-au-prince-later", "2023-04-30", [
 (0, "Haiti Libre Daily", "Police clashed with gang members in Port-au-Prince on {dow}, killing three suspected gangsters."),
]),
("tripoli-clashes", "2022-08-27", [
 (0, "Libya Observer Daily", "Rival militias clashed in Tripoli on {dow}, killing 32 people, the health ministry said."),
 (1, "Wire", "TRIPOLI - Heavy clashes between armed groups in the Libyan capital Tripoli killed 32 people on {date}, the health ministry said."),
]),
("jenin-raid", "2023-01-26", [
 (0, "Wire", "JENIN - Israeli forces raided the Jenin refugee camp on {date}, killing nine Palestinians, the Palestinian health ministry said."),
 (0, "Gaza Daily", "Nine Palestinians were killed when Israeli troops stormed the Jenin camp on {dow}, health officials said."),
]),
("nablus-later", "2023-02-22", [
 (0, "Wire", "NABLUS - Israeli forces killed eleven Palestinians during a raid in Nablus on {date}, the health ministry said."),
]),
("mandalay-bomb", "2023-03-14", [
 (0, "Irrawaddy Wire", "A bomb exploded outside a police station in Mandalay on {dow}, killing two officers, state media said."),
 (1, "Wire", "MANDALAY, Myanmar - Two police officers were killed when a bomb went off near a police station in Mandalay on {date}."),
]),
("dhaka-clashes", "2023-07-29", [
 (0, "Dhaka Star", "Opposition BNP activists clashed with police in Dhaka on {dow}, throwing stones and setting buses on fire. Police arrested 90 people."),
 (1, "Wire", "DHAKA - Bangladesh police fired tear gas and rubber bullets at stone-throwing opposition supporters in Dhaka on {date}, arresting 90."),
]),
("juliaca-protest", "2023-01-09", [
 (0, "Andes Post", "Seventeen people were killed in Juliaca on {dow} when protesters clashed with police near the airport, the ombudsman said."),
 (1, "Wire", "LIMA - Clashes between police and anti-government protesters in the southern city of Juliaca killed 17 people on {date}, officials said."),
]),
("paris-pension", "2023-03-23", [
 (0, "Wire", "PARIS - Police fired tear gas at protesters in Paris on {date} as hundreds of thousands marched against the pension reform."),
 (0, "Le Journal Anglais", "Hundreds of thousands of people demonstrated in Paris on {dow} against the pension reform, and police used tear gas against some protesters."),
]),
("lyon-same-day", "2023-03-23", [
 (0, "Le Journal Anglais", "In Lyon, thousands of protesters also marched against the pension reform on {dow}."),
]),
("djibo-attack", "2023-02-17", [
 (0, "Sahel Watch", "Jihadist militants ambushed an army convoy near Djibo in northern Burkina Faso on {dow}, killing 51 soldiers, the army said."),
 (1, "Wire", "OUAGADOUGOU - Fifty-one soldiers were killed on {date} when suspected jihadists attacked an army unit near Djibo, the army said."),
]),
("gusau-abduction", "2023-05-21", [
 (0, "Northern Herald", "Bandits abducted 20 villagers near Gusau in Zamfara State on {dow}, police said."),
 (1, "Wire", "GUSAU, Nigeria - Armed bandits kidnapped 20 residents of a village near Gusau on {date}, Zamfara police said."),
]),
("cucuta-eln", "2023-03-29", [
 (0, "Colombia Reports Daily", "ELN guerrillas attacked a military base near Cucuta on {dow}, killing nine soldiers, the army said."),
 (1, "Wire", "BOGOTA - Nine Colombian soldiers were killed on {date} when ELN rebels attacked an army post near Cucuta, the defence minister said."),
]),
("culiacan-clashes", "2023-01-05", [
 (0, "Mexico News Wire", "Cartel gunmen clashed with the Mexican army in Culiacan on {dow}, leaving 29 people dead, officials said."),
 (1, "Wire", "MEXICO CITY - Gun battles between Sinaloa cartel gunmen and Mexican troops in Culiacan killed 29 people on {date}, the government said."),
]),
("kherson-shelling", "2023-05-03", [
 (0, "Kyiv Post Daily", "Russian shelling of Kherson on {dow} killed 23 people, regional officials said."),
 (1, "Wire", "KHERSON, Ukraine - Russian artillery struck a supermarket and a railway station in Kherson on {date}, killing 23 people, officials said."),
]),
("zaporizhzhia-same-day", "2023-05-03", [
 (0, "Kyiv Post Daily", "A Russian missile hit a factory in Zaporizhzhia on {dow}, injuring four workers, officials said."),
]),
("beirut-bank", "2022-09-16", [
 (0, "Beirut Observer", "Depositors stormed five banks in Beirut on {dow} to demand their frozen savings, and police arrested two protesters."),
 (1, "Wire", "BEIRUT - Angry depositors protested inside several banks in Beirut on {date}, demanding access to their savings, police said."),
]),
("bahir-dar-fano", "2023-08-05", [
 (0, "Addis Wire", "Fano militiamen clashed with Ethiopian federal forces in Bahir Dar on {dow}, killing 12 people, residents said."),
 (1, "Wire", "ADDIS ABABA - Fighting between Fano militia fighters and the Ethiopian army in Bahir Dar killed 12 people on {date}, residents said."),
]),
("bambari-attack", "2023-04-03", [
 (0, "Centrafrique Daily", "Rebels of the UPC attacked a village near Bambari on {dow}, killing six civilians, a local official said."),
 (1, "Wire", "BANGUI - Six civilians were killed when UPC rebels attacked a village near Bambari on {date}, officials said."),
]),
("zahedan-crackdown", "2022-09-30", [
 (0, "Iran Watch", "Security forces opened fire on protesters in Zahedan on {dow}, killing 66 people, a rights group said."),
 (1, "Wire", "DUBAI - Iranian security forces killed at least 66 protesters in the city of Zahedan on {date}, Amnesty International said."),
]),
("quetta-bomb", "2023-04-10", [
 (0, "Balochistan Post Daily", "A bomb exploded near a police vehicle in Quetta on {dow}, killing four policemen, officials said."),
 (1, "Wire", "QUETTA, Pakistan - Four police officers were killed when a roadside bomb hit their vehicle in Quetta on {date}, police said."),
]),
("kismayo-attack", "2022-10-23", [
 (0, "Horn Daily", "Al-Shabaab gunmen stormed a hotel in Kismayo on {dow}, killing nine people, police said."),
 (1, "Wire", "KISMAYO, Somalia - Nine people were killed when al Shabaab fighters attacked a hotel in the port city of Kismayo on {date}, police said."),
]),
("mosul-arrests", "2023-02-14", [
 (0, "Iraq Now", "Iraqi security forces arrested 12 suspected Islamic State members in Mosul on {dow}, the interior ministry said."),
 (1, "Wire", "BAGHDAD - Iraqi forces detained twelve suspected Islamic State militants in a raid in Mosul on {date}, the interior ministry said."),
]),
("taiz-shelling", "2023-01-11", [
 (0, "Yemen Monitor", "Houthi shelling of a residential area in Taiz on {dow} killed three civilians, local officials said."),
 (1, "Wire", "TAIZ, Yemen - Three civilians died when Houthi forces shelled homes in the city of Taiz on {date}, officials said."),
]),
("jos-attack", "2023-05-16", [
 (0, "Northern Herald", "Gunmen attacked a village near Jos in Plateau State on {dow}, killing 30 villagers, police said."),
 (1, "Wire", "JOS, Nigeria - Armed men killed 30 people in an attack on a village near Jos on {date}, Plateau State police said."),
]),
("mopti-ambush", "2023-01-22", [
 (0, "Sahel Watch", "Jihadists ambushed a Malian army patrol near Mopti on {dow}, killing five soldiers, the army said."),
 (1, "Wire", "BAMAKO - Five Malian soldiers were killed on {date} in an ambush by suspected jihadists near Mopti, the army said."),
]),
("herat-blast", "2023-06-06", [
 (0, "Afghan Voice", "A bomb blast at a school in Herat on {dow} killed four students, a Taliban official said."),
 (0, "Wire", "HERAT, Afghanistan - Four students were killed when an explosion hit a religious school in Herat on {date}, officials said."),
 (1, "Kabul Times Online", "The Taliban administration said a bomb exploded inside a school in Herat on {dow}, leaving four students dead and 20 wounded."),
]),
("kaduna-kidnap", "2023-03-12", [
 (0, "Northern Herald", "Gunmen kidnapped 15 worshippers from a church near Kaduna on {dow}, police said."),
 (1, "Wire", "KADUNA, Nigeria - Armed men abducted fifteen people from a church in a village near Kaduna on {date}, police said."),
 (1, "Capital Post", "Police in Kaduna State said gunmen seized 15 churchgoers during a service near Kaduna on {dow}."),
]),
("timbuktu-shelling", "2023-09-07", [
 (0, "Sahel Watch", "Jihadists fired shells at the city of Timbuktu on {dow}, killing two civilians, residents said."),
 (1, "Wire", "BAMAKO - Two civilians were killed when suspected jihadists shelled Timbuktu on {date}, local officials said."),
 (1, "Radio Sahel", "Shells fired by militants hit a market in Timbuktu on {dow}, killing two people, a municipal official said."),
]),
("homs-airstrike", "2023-03-21", [
 (0, "Syria Direct Daily", "Israeli warplanes struck targets near Homs on {dow}, killing three soldiers, Syrian state media said."),
 (1, "Wire", "DAMASCUS - An Israeli air strike near the city of Homs killed three Syrian soldiers on {date}, state media said."),
 (1, "Levant Report", "Three Syrian soldiers died in Israeli air raids near Homs on {dow}, the Syrian army said."),
]),
("bangui-protest", "2023-07-14", [
 (0, "Centrafrique Daily", "Hundreds of people protested in Bangui on {dow} against the proposed constitutional referendum."),
 (1, "Wire", "BANGUI - Hundreds of opposition supporters demonstrated in Bangui on {date} against the constitutional referendum, witnesses said."),
 (1, "Radio Ndeke", "Opponents of the referendum marched through Bangui on {dow}, chanting slogans against the government."),
]),
("kirkuk-riot", "2023-09-02", [
 (0, "Iraq Now", "Rival groups of Kurdish and Arab demonstrators clashed in Kirkuk on {dow}, leaving four people dead, officials said."),
 (1, "Wire", "KIRKUK, Iraq - Four people were killed on {date} when Kurdish and Arab protesters clashed in Kirkuk, health officials said."),
]),
("saada-prison", "2022-01-21", [
 (0, "Wire", 'SANAA - Air strikes by the Saudi-led coalition hit a detention centre in the Yemeni city of Saada on {date}, killing at least 70 people, aid groups said. Medecins Sans Frontieres said its hospital in Saada received 164 wounded and that many more were believed to be under the rubble. The coalition, which is backed by the U.S., denied targeting the prison and said the strikes hit Houthi military sites. The Houthi movement, which is allied with Iran, said the death toll was likely to rise as rescuers dug through the debris. The United Nations called for a swift investigation into the attack, one of the deadliest of the war.'),
 (0, "Gulf Syndicate", 'SANAA - Air strikes by the Saudi-led coalition hit a detention centre in the Yemeni city of Saada on {date}, killing at least 70 people, aid groups said. Medecins Sans Frontieres said its hospital in Saada received 164 wounded and that many more were believed to be under the rubble. The coalition, which is backed by the U.S., denied targeting the prison and said the strikes hit Houthi military sites. The Houthi movement, which is allied with Iran, said the death toll was likely to rise as rescuers dug through the debris. The United Nations called for a swift investigation into the attack, one of the deadliest of the war.'),
 (1, "Spin Daily", 'SANAA - Air strikes by the Saudi-led coalition hit a detention centre in the Yemeni city of Saada on {date}, killing at least 70 people, humanitarian groups said. Medecins Sans Frontieres said its hospital in Saada received 164 wounded and that many more were believed to be under the rubble. The coalition, which is backed by the USA, rejected claims it targeted the prison and said the strikes hit Houthi military sites. The Houthi movement, which is allied with the Islamic Republic of Iran, said the death toll was likely to rise as rescuers dug through the debris. The United Nations demanded a rapid inquiry into the attack, one of the deadliest of the war.'),
 (1, "Yemen Monitor", 'Saudi-led coalition jets bombed a prison in Saada on {dow}, killing more than 80 detainees, Houthi officials said. The coalition said it had struck legitimate military targets.'),
]),
("kirkuk-later", "2023-09-09", [
 (0, "Iraq Now", "Kurdish residents held a peaceful sit-in in Kirkuk on {dow} to demand the reopening of a party office."),
]),
]


def main(out: str) -> None:
    arts, gold = [], {}
    for cluster, date, reports in G:
        d = dt.date.fromisoformat(date)
        for n, (offset, outlet, text) in enumerate(reports):
            aid = f"{cluster}-{n + 1}"
            body = text.format(dow=d.strftime("%A"), date=f"{d.day} {d:%B %Y}")
            pub = d + dt.timedelta(days=offset)
            arts.append({"id": aid, "title": " ".join(body.split(" - ")[-1].split()[:8]), "published": pub.isoformat(),
                         "outlet": outlet, "text": body})
            gold[aid] = cluster
    with open(f"{out}/articles.jsonl", "w") as fh:
        for a in arts:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    with open(f"{out}/gold.json", "w") as fh:
        json.dump({"clusters": gold}, fh, indent=1)
        fh.write("\n")
    print(len(arts), "articles", len(set(gold.values())), "clusters")


main(sys.argv[1])
